import { PRESET_PARAM, encodeRecipe } from './url-codec';
import { defaultRecipe, sameRecipe, type Recipe } from './schema';
import { NO_TWIN, encodeTwin, type Twin } from './twin-codec';

/** A named, one-click teaching demo: a recipe plus what to look at when it runs. */
export interface Preset {
  /** Stable id, used in links (`preset=<id>`): lowercase words joined by '-'. */
  id: string;
  /** Short name shown on the picker. */
  name: string;
  /** One line: what the demo shows and where to look. */
  goal: string;
  /** The settings that differ from the defaults; a preset applies over the defaults. */
  overrides: Partial<Recipe>;
}

/**
 * The presets are the arms of `npm run paper-check` (scripts/lib/paper-claims.ts names each arm
 * by its preset): what a class opens is exactly what docs/paper-check.md measured, up to the data
 * set and seed. A change here changes the report's next run, which is the point.
 */

/**
 * Float training on the small CNN, judged by PTQ sweeps: the float arm of the KURE and R2 claims
 * and the recipe both regularizers are added to (the KURE and R2 papers train with the
 * regularizer from the start, then quantize).
 */
const FLOAT_DEMO: Partial<Recipe> = {
  steps: 400,
  learningRate: 0.003,
  lrSchedule: 'constant',
  warmupSteps: 0,
  ptqRange: 'min-max',
};

/**
 * Pretrain float, then fine-tune with QAT (the papers' protocol: LSQ+, [OSC] start from a trained
 * float model): 600 float steps, then a cosine-decaying fine-tune at a tenth of the float rate.
 * MobileNet-tiny: depthwise layers are where [OSC] sees oscillations; first and last layers stay
 * at 8 bit as in [OSC-code] and LSQ+. Tested every 200 steps on 1000 images: these runs cost
 * ~10x a float small-CNN step, and docs/paper-check.md trains 33 of them.
 */
const FINE_TUNE: Partial<Recipe> = {
  model: 'mobilenet-tiny',
  batchSize: 16,
  pretrainSteps: 600,
  pretrainLearningRate: 0.003,
  learningRate: 0.0003,
  lrSchedule: 'cosine',
  warmupSteps: 0,
  firstLast8: 'on',
  ptqAtEnd: 'off',
  evalEvery: 200,
  testExamples: 1000,
};

/**
 * W3 LSQ fine-tune, shared by the oscillation demos ([OSC-code] MobileNetV2 3-bit recipe, scaled
 * to the lab): BN re-estimated at the end, as [OSC-code] evaluates. The frequency EMA's momentum
 * is 0.004: [OSC-code] asks for m 2-3x below the final freezing threshold (0.011 at 3 bit), and
 * its memory, 1/m = 250 steps, then fits inside the 450 steps freezing is active. (The CLI's
 * m = 0.001 remembers 1000 steps, longer than the whole fine-tune.) The histogram shows
 * block1/dw, a depthwise layer, on the 3-bit grid.
 */
const W3_FINE_TUNE: Partial<Recipe> = {
  ...FINE_TUNE,
  steps: 600,
  qat: 'lsq',
  wBits: 3,
  aBits: 'float',
  trackOscillations: 'on',
  oscMomentum: 0.004,
  bnReestimate: 'on',
  histLayer: 1,
  histBits: 3,
};

/** Every preset, in the order the picker lists them. Each passes `recipeProblems`. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'baseline',
    name: 'Float baseline',
    goal: 'Plain float training: its W2–W8 PTQ curve is the reference the KURE and R2 demos beat.',
    overrides: { ...FLOAT_DEMO },
  },
  {
    id: 'kure-w4',
    name: 'KURE: robust to the quantizer',
    goal: 'Kurtosis heads to 1.8; re-quantize per tensor at W3: KURE usually keeps more accuracy than float.',
    overrides: {
      ...FLOAT_DEMO,
      kure: 'on',
      kureWeight: 1,
      kureTarget: 1.8,
      firstLast8: 'on',
      ptqGranularity: 'per-tensor',
      histBits: 3,
    },
  },
  {
    id: 'r2-margin-w2',
    name: 'R2 Margin, then W2 PTQ',
    goal: 'Margin R2 pulls weights inside a learned margin: max|w| falls; min-max W2/W3 PTQ mostly rise.',
    overrides: { ...FLOAT_DEMO, r2: 'margin', r2Weight: 0.1, histBits: 2 },
  },
  {
    id: 'lsq-plus-swish-w4a4',
    name: 'LSQ+ W4A4 with Swish',
    goal: 'Float Swish, then LSQ+ W4A4: the learned offset β shifts the input grid; it beat config 1 on most seeds.',
    overrides: {
      ...FINE_TUNE,
      activation: 'swish',
      steps: 200,
      qat: 'lsq+',
      wBits: 4,
      aBits: '4',
      lsqPlusConfig: 'unsigned-asymmetric',
    },
  },
  {
    id: 'oscillations-w3',
    name: 'Oscillations at W3',
    goal: 'Float, then W3 fine-tune: few weights flip at lab scale (the Toy tab shows why); BN re-estimation helps.',
    overrides: { ...W3_FINE_TUNE },
  },
  {
    id: 'dampening-w3',
    name: 'Oscillation dampening',
    goal: 'Same W3 fine-tune plus dampening (the paper’s λ 0.1): at lab scale there is little to dampen.',
    overrides: { ...W3_FINE_TUNE, dampening: 0.1 },
  },
  {
    id: 'freezing-w3',
    name: 'Iterative weight freezing',
    goal: 'Same W3 fine-tune with freezing: frequencies stay far below the threshold, so almost nothing freezes.',
    overrides: { ...W3_FINE_TUNE, freezing: 'on', freezeThreshold: 0.011 },
  },
  {
    id: 'bn-reestimate',
    name: 'BN re-estimation: float control',
    goal: 'The W3 fine-tune in float: BN re-estimation gains less here than at W3, as oscillations predict.',
    overrides: { ...W3_FINE_TUNE, qat: 'off' },
  },
];

/** The full recipe of `preset`: the defaults with its overrides (never the current settings). */
export function presetRecipe(preset: Preset): Recipe {
  return { ...defaultRecipe(), ...preset.overrides };
}

/** The preset with this id, or undefined. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The preset whose full recipe equals `settings` exactly, or null. */
export function matchingPreset(recipe: Recipe): Preset | null {
  return PRESETS.find((p) => sameRecipe(presetRecipe(p), recipe)) ?? null;
}

/**
 * The query string (without '?') for `settings`: {@link encodeRecipe}, then the A/B twin's
 * parameters when it is on, plus `preset=<id>` when A equals a preset, so a link says which demo
 * it is. Pure.
 */
export function recipeQuery(recipe: Recipe, twin: Twin = NO_TWIN): string {
  const twinQuery = encodeTwin(recipe, twin);
  const query = twinQuery ? `${encodeRecipe(recipe)}&${twinQuery}` : encodeRecipe(recipe);
  const preset = matchingPreset(recipe);
  return preset ? `${query}&${PRESET_PARAM}=${encodeURIComponent(preset.id)}` : query;
}

/** The query string (without '?') of a link that loads `preset`. */
export function presetUrl(preset: Preset): string {
  return recipeQuery(presetRecipe(preset));
}

/**
 * The preset a query string names with `preset=<id>`, when that id is known, else null. A label
 * only: whether the settings still equal the preset is {@link matchingPreset}'s question.
 */
export function presetIdFromQuery(search: string): string | null {
  const id = new URLSearchParams(search).get(PRESET_PARAM);
  return id !== null && findPreset(id) ? id : null;
}
