import { SETTINGS, type SettingKey, type Recipe } from './schema';
import { TECHNIQUES, type UnavailableRule } from './techniques';
import { recipeProblems } from './validate-recipe';

/**
 * Why each setting does nothing in a recipe: the techniques' own rules (their descriptors), plus
 * the model's. Settings missing here always matter (the PTQ settings and "first/last layer at
 * 8 bit" also drive the PTQ sweep, BN re-estimation runs with or without QAT).
 */
const RULES: Partial<Record<SettingKey, UnavailableRule>> = Object.assign(
  {
    activation: (r: Recipe) =>
      r.model === 'small-cnn'
        ? 'The small CNN always uses ReLU: pick MobileNet-tiny or ResNet-tiny to change it.'
        : null,
    pretrainLearningRate: (r: Recipe) =>
      r.pretrainSteps === 0 ? 'Set float pretraining steps to use its learning rate.' : null,
    init: (r: Recipe) =>
      r.pretrainSteps > 0
        ? 'With float pretraining the run starts fresh and fine-tunes from its own pretraining.'
        : null,
  },
  ...TECHNIQUES.map((t) => t.unavailable ?? {}),
);

/**
 * Why the control for `key` is unavailable in `settings` (a technique it belongs to is off), as
 * a sentence that says how to enable it; null when the setting takes effect. Pure.
 *
 * @remarks A setting whose current value is part of a {@link recipeProblems} conflict is never
 * unavailable, whatever its rule says: it has to stay editable so the user can fix the conflict
 * (e.g. freezing 'on' with QAT off stays enabled, so it can be switched off).
 */
export function settingDisabledReason(key: SettingKey, recipe: Recipe): string | null {
  const reason = RULES[key]?.(recipe) ?? null;
  if (reason === null) return null;
  return valueCausesProblem(key, recipe) ? null : reason;
}

/** Whether putting `key` back to its default would remove a recipe problem. */
function valueCausesProblem(key: SettingKey, recipe: Recipe): boolean {
  const spec = SETTINGS[key];
  if (recipe[key] === spec.default) return false;
  const reset = { ...recipe, [key]: spec.default } as Recipe;
  return recipeProblems(reset).length < recipeProblems(recipe).length;
}
