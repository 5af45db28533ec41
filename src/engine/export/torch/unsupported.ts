/**
 * What the PyTorch export cannot express, and a clear refusal for it: a setting the script would
 * not reproduce is named, never silently dropped. train.py reproduces every technique the lab has
 * today; a technique added later is refused until train.py learns it and joins EXPORTED.
 */
import { SETTINGS, type Recipe, type SettingKey } from '../../../settings/schema';
import { TECHNIQUE, TECHNIQUE_IDS, type TechniqueId } from '../../../settings/techniques';

/** A recipe the exporter cannot express; `message` names every setting at fault. */
export class TorchExportError extends Error {
  override name = 'TorchExportError';
  constructor(readonly problems: readonly string[]) {
    super(`cannot export this recipe to PyTorch: ${problems.join('; ')}`);
  }
}

/** Techniques train.py reproduces (cross-checked in test/integration/torch-export*.test.ts). */
const EXPORTED: ReadonlySet<TechniqueId> = new Set([
  'r2',
  'kure',
  'qat',
  'oscillation',
  'bn-reestimate',
  'ptq',
]);

/**
 * Settings whose non-default values train.py does not reproduce: init=previous, the weights of
 * the lab's previous run, which a recipe link does not carry (pass them with --state instead).
 */
const NEED_DEFAULT: readonly SettingKey[] = ['init'];

/** `param=value (label)`: how a setting appears in a lab link, and what the lab calls it. */
function named(key: SettingKey, recipe: Recipe): string {
  return `${SETTINGS[key].param}=${recipe[key]} (${SETTINGS[key].label})`;
}

/**
 * One sentence per setting of `recipe` that the exported train.py cannot reproduce, naming the
 * setting; empty when the whole recipe exports.
 */
export function unsupportedSettings(recipe: Recipe): string[] {
  // With pretraining the run starts from fresh weights whatever init says (settings/pretrain.ts).
  const needDefault = recipe.pretrainSteps > 0 ? [] : NEED_DEFAULT;
  const problems = needDefault
    .filter((key) => recipe[key] !== SETTINGS[key].default)
    .map((key) => `${named(key, recipe)} is not exported yet; use ${SETTINGS[key].default}`);
  for (const id of TECHNIQUE_IDS) {
    const technique = TECHNIQUE[id];
    if (EXPORTED.has(id) || !technique.isOn(recipe)) continue;
    const [setting] = technique.settings;
    const switch_ = setting ? ` (${named(setting, recipe)})` : '';
    problems.push(`${technique.label} is not exported yet${switch_}; turn it off`);
  }
  return problems;
}

/** @throws TorchExportError naming every setting train.py cannot reproduce. */
export function assertExportable(recipe: Recipe): void {
  const problems = unsupportedSettings(recipe);
  if (problems.length > 0) throw new TorchExportError(problems);
}
