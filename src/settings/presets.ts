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
 * Float training on the small CNN, judged by a min-max PTQ sweep (shared by three demos). The
 * optimizer settings are pinned to the recipe docs/paper-check.md measured these demos with.
 */
const FLOAT_DEMO: Partial<Recipe> = {
  steps: 400,
  learningRate: 0.003,
  lrSchedule: 'constant',
  warmupSteps: 0,
  ptqRange: 'min-max',
};

/**
 * W3 LSQ QAT on MobileNet-tiny from scratch, shared by the oscillation demos: the recipe of
 * test/integration/oscillation.test.ts at browser length. A constant learning rate of 0.02 keeps
 * weights flipping (a decaying rate would hide oscillations); first and last layers stay at 8 bit
 * as in [OSC-code]; the histogram shows block1/dw, a depthwise layer, on the 3-bit grid.
 */
const W3_MOBILENET: Partial<Recipe> = {
  model: 'mobilenet-tiny',
  qat: 'lsq',
  wBits: 3,
  aBits: 'float',
  firstLast8: 'on',
  learningRate: 0.02,
  lrSchedule: 'constant',
  steps: 400,
  trackOscillations: 'on',
  histLayer: 1,
  histBits: 3,
  ptqAtEnd: 'off',
};

/** Every preset, in the order the picker lists them. Each passes `recipeProblems`. */
export const PRESETS: readonly Preset[] = [
  {
    id: 'baseline',
    name: 'Float baseline',
    goal: 'Plain float training: its W2–W8 min-max PTQ curve is the reference the other demos beat.',
    overrides: { ...FLOAT_DEMO },
  },
  {
    id: 'kure-w4',
    name: 'KURE vs baseline at W4',
    goal: 'Kurtosis heads to 1.8, the histogram flattens on the 4-bit grid, and W4 PTQ drops less.',
    overrides: { ...FLOAT_DEMO, kure: 'on', kureWeight: 1, kureTarget: 1.8, histBits: 4 },
  },
  {
    id: 'r2-margin-w2',
    name: 'R2 Margin, then W2 PTQ',
    goal: 'Margin R2 pulls weights inside a learned margin: watch max|w| fall and the W2 PTQ point.',
    overrides: { ...FLOAT_DEMO, r2: 'margin', r2Weight: 0.1, histBits: 2 },
  },
  {
    id: 'lsq-plus-swish-w4a4',
    name: 'LSQ+ W4A4 with Swish',
    goal: 'Swish dips below 0: the learned offset β shifts the 4-bit input grid (config 1 clips it).',
    overrides: {
      model: 'mobilenet-tiny',
      activation: 'swish',
      qat: 'lsq+',
      wBits: 4,
      aBits: '4',
      lsqPlusConfig: 'unsigned-asymmetric',
      firstLast8: 'on',
      learningRate: 0.01,
      lrSchedule: 'cosine',
      steps: 500,
      ptqAtEnd: 'off',
    },
  },
  {
    id: 'oscillations-w3',
    name: 'Oscillations at W3',
    goal: 'W3 LSQ on MobileNet-tiny: depthwise weights flip between grid points; see the frequency.',
    overrides: { ...W3_MOBILENET, dampening: 0, freezing: 'off' },
  },
  {
    id: 'dampening-w3',
    name: 'Oscillation dampening',
    goal: 'Same W3 run plus dampening from 25 % of steps: the oscillation frequency falls.',
    overrides: { ...W3_MOBILENET, dampening: 2, freezing: 'off' },
  },
  {
    id: 'freezing-w3',
    name: 'Iterative weight freezing',
    goal: 'Same W3 run; weights that keep oscillating get frozen: the frozen share only rises.',
    overrides: { ...W3_MOBILENET, dampening: 0, freezing: 'on', freezeThreshold: 0.005 },
  },
  {
    id: 'bn-reestimate',
    name: 'BN re-estimation after QAT',
    goal: 'Same W3 run; at the end BN statistics are re-measured: compare accuracy before and after.',
    overrides: { ...W3_MOBILENET, bnReestimate: 'on' },
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
