import { SETTINGS, type SettingKey, type Recipe } from './schema';
import { recipeProblems } from './validate-recipe';

/** Why a setting has no effect in a recipe, or null when it matters. */
type AvailabilityRule = (s: Recipe) => string | null;

const QAT_OFF = 'Turn QAT (LSQ or LSQ+) on';

const whenQatOff =
  (what: string): AvailabilityRule =>
  (s) =>
    s.qat === 'off' ? `${QAT_OFF} to set ${what}.` : null;

/**
 * The parameters of techniques that can be switched off, with the sentence that says how to
 * switch them on. Settings missing here always matter (the PTQ settings and "first/last layer
 * at 8 bit" also drive the PTQ sweep, BN re-estimation runs with or without QAT).
 */
const RULES: Partial<Record<SettingKey, AvailabilityRule>> = {
  activation: (s) =>
    s.model === 'small-cnn'
      ? 'The small CNN always uses ReLU: pick MobileNet-tiny or ResNet-tiny to change it.'
      : null,
  r2Weight: (s) => (s.r2 === 'off' ? 'Turn R2 on to set its weight.' : null),
  r2HingePower: (s) => (s.r2 !== 'margin' ? 'Choose R2 Margin to set its hinge power.' : null),
  r2InitTemperature: (s) =>
    s.r2 !== 'soft-min-max' ? 'Choose R2 Soft-min-max to set its initial temperature.' : null,
  kureLayers: (s) => (s.kure === 'off' ? 'Turn KURE on to choose its layers.' : null),
  kureWeight: (s) => (s.kure === 'off' ? 'Turn KURE on to set its weight.' : null),
  kureTarget: (s) => (s.kure === 'off' ? 'Turn KURE on to set its target.' : null),
  wBits: whenQatOff('the weight bits'),
  aBits: whenQatOff('the activation bits'),
  lsqPlusConfig: (s) => {
    if (s.qat !== 'lsq+') return 'Choose LSQ+ (learned step and offset) to set its configuration.';
    if (s.aBits === 'float') return 'Quantize activations (QAT activation bits) to use it.';
    return null;
  },
  trackOscillations: whenQatOff('oscillation tracking'),
  dampening: whenQatOff('dampening'),
  freezing: whenQatOff('freezing'),
  oscStart: (s) => {
    if (s.qat === 'off') return `${QAT_OFF} to set when dampening and freezing start.`;
    return s.dampening === 0 && s.freezing === 'off'
      ? 'Set a dampening weight or turn freezing on to choose when they start.'
      : null;
  },
  freezeThresholdStart: (s) => {
    if (s.qat === 'off') return `${QAT_OFF} and freezing on to set the threshold.`;
    return s.freezing === 'off' ? 'Turn freezing on to set its threshold.' : null;
  },
  freezeThreshold: (s) => {
    if (s.qat === 'off') return `${QAT_OFF} and freezing on to set the threshold.`;
    return s.freezing === 'off' ? 'Turn freezing on to set its threshold.' : null;
  },
};

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
