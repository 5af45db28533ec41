/**
 * What the PyTorch export of this slice can express, and a clear refusal for everything else:
 * a setting the script would not reproduce is named, never silently dropped.
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

/** Techniques train.py reproduces; every other technique a recipe switches on is refused. */
const EXPORTED: ReadonlySet<TechniqueId> = new Set(['r2', 'kure', 'ptq', 'qat', 'oscillation']);

/**
 * The settings that switch a refused technique on, named in its refusal when they are on
 * (otherwise its first setting, its switch, is named).
 */
const SWITCHES: Readonly<Partial<Record<TechniqueId, readonly SettingKey[]>>> = {};

/** Whether a switch setting is on: neither 'off' nor 0. */
const isOnValue = (value: string | number): boolean => value !== 'off' && value !== 0;

/** Settings whose non-default values train.py does not reproduce yet. */
const NEED_DEFAULT: readonly SettingKey[] = ['model', 'init', 'pretrainSteps'];

/** `param=value (label)`: how a setting appears in a lab link, and what the lab calls it. */
function named(key: SettingKey, recipe: Recipe): string {
  return `${SETTINGS[key].param}=${recipe[key]} (${SETTINGS[key].label})`;
}

/**
 * One sentence per setting of `recipe` that the exported train.py cannot reproduce, naming the
 * setting; empty when the whole recipe exports.
 */
export function unsupportedSettings(recipe: Recipe): string[] {
  const problems = NEED_DEFAULT.filter((key) => recipe[key] !== SETTINGS[key].default).map(
    (key) => `${named(key, recipe)} is not exported yet; use ${SETTINGS[key].default}`,
  );
  if (TECHNIQUE.ptq.isOn(recipe) && recipe.ptqActBits !== 'float') {
    problems.push(`${named('ptqActBits', recipe)} is not exported yet; use float activations`);
  }
  for (const id of TECHNIQUE_IDS) {
    const technique = TECHNIQUE[id];
    if (EXPORTED.has(id) || !technique.isOn(recipe)) continue;
    const on = (SWITCHES[id] ?? technique.settings.slice(0, 1)).filter((key) =>
      isOnValue(recipe[key]),
    );
    const settings = on.map((key) => named(key, recipe)).join(', ');
    problems.push(`${technique.label} is not exported yet (${settings}); turn it off`);
  }
  return problems;
}

/** @throws TorchExportError naming every setting train.py cannot reproduce. */
export function assertExportable(recipe: Recipe): void {
  const problems = unsupportedSettings(recipe);
  if (problems.length > 0) throw new TorchExportError(problems);
}
