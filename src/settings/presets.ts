import { encodeRecipe } from './url-codec';
import { defaultRecipe, sameRecipe, type Recipe, type SettingKey } from './schema';
import { NO_TWIN, encodeTwin, type Twin } from './twin-codec';
import type { PlotId } from './plot-ids';

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
  /** Its one-screen demo view. */
  demo: PresetDemo;
}

/** What a preset's demo view shows on one screen (issue 15: no scrolling at 1366×768). */
export interface PresetDemo {
  /** Two or three sentences: what the demo does, what to watch, what this lab measured. */
  story: string;
  /** The two or three plots that teach it, large; the first is the payoff. */
  plots: readonly [PlotId, PlotId, PlotId?];
  /** The two to four settings worth turning in this demo. */
  knobs: readonly [SettingKey, SettingKey, SettingKey?, SettingKey?];
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
  // The payoff while it trains: a PTQ sweep every 100 steps (it reads the weights only, so the
  // run trains exactly as without it; bench: `npm run bench -- --only payoff`).
  ptqEvery: 100,
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
    demo: {
      story:
        'Plain float training of the small CNN, then post-training quantization (PTQ) of its weights at 2 to 8 bits. Watch the PTQ curve: W8 to W4 stay near float accuracy, W3 and W2 fall away. This curve is the reference the KURE and R2 demos try to beat.',
      plots: ['ptq', 'loss-terms', 'histogram'],
      knobs: ['learningRate', 'steps', 'ptqGranularity'],
    },
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
    demo: {
      story:
        "KURE adds a loss that pulls each layer's kurtosis toward 1.8, the kurtosis of a uniform distribution, so the weights fill the quantization grid evenly. Watch conv2's kurtosis reach about 1.8 within some 50 steps and the weights spread across the W3 grid. Per-tensor W3 PTQ then usually keeps more accuracy than the float baseline.",
      plots: ['kurtosis', 'ptq', 'histogram'],
      knobs: ['kureWeight', 'kureTarget', 'ptqGranularity'],
    },
  },
  {
    id: 'r2-margin-w2',
    name: 'R2 Margin, then W2 PTQ',
    goal: 'Margin R2 pulls weights inside a learned margin: max|w| falls; min-max W2/W3 PTQ mostly rise.',
    overrides: { ...FLOAT_DEMO, r2: 'margin', r2Weight: 0.1, histBits: 2 },
    demo: {
      story:
        "R2's Margin loss penalises weights beyond a learned margin, so each layer's largest weights move in toward the rest. Watch max|w|/std fall in the outlier plot: a narrower range gives a finer min-max grid, so the W2 and W3 points of the PTQ curve mostly rise.",
      plots: ['kurtosis', 'ptq', 'histogram'],
      knobs: ['r2', 'r2Weight', 'histBits'],
    },
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
    demo: {
      story:
        'Float training with Swish, then LSQ+ QAT with 4-bit weights and activations. Swish outputs dip below zero, which an unsigned grid cannot hold; LSQ+ learns an offset β that shifts each activation grid. Watch β move in the learned-parameters plot while the accuracy recovers during the fine-tune.',
      plots: ['quant-params', 'loss-terms', 'histogram'],
      knobs: ['lsqPlusConfig', 'aBits', 'wBits'],
    },
  },
  {
    id: 'oscillations-w3',
    name: 'Oscillations at W3',
    goal: 'Float, then W3 fine-tune: few weights flip at lab scale (the Toy tab shows why); BN re-estimation helps.',
    overrides: { ...W3_FINE_TUNE },
    demo: {
      story:
        'Float pretraining, then a 3-bit LSQ fine-tune. A latent weight near a grid boundary can flip back and forth between two levels; the raster shows which weights flip, the frequency plot how often. At lab scale few weights flip (the Toy shows why), and BN re-estimation at the end repairs the statistics they disturb.',
      plots: ['oscillation', 'histogram', 'loss-terms'],
      knobs: ['wBits', 'oscMomentum', 'bnReestimate'],
    },
  },
  {
    id: 'dampening-w3',
    name: 'Oscillation dampening',
    goal: 'Same W3 fine-tune plus dampening (the paper’s λ 0.1): at lab scale there is little to dampen.',
    overrides: { ...W3_FINE_TUNE, dampening: 0.1 },
    demo: {
      story:
        'The same W3 fine-tune plus the dampening loss, which pulls each latent weight toward its grid level with a weight λ that ramps up after a quarter of the run. Watch the oscillation frequency: at lab scale there is little to dampen, and λ up to 1 moved neither frequency nor accuracy beyond seed noise (docs/sweeps.md).',
      plots: ['oscillation', 'loss-terms', 'histogram'],
      knobs: ['dampening', 'oscStart', 'wBits'],
    },
  },
  {
    id: 'freezing-w3',
    name: 'Iterative weight freezing',
    goal: 'Same W3 fine-tune with freezing: frequencies stay far below the threshold, so almost nothing freezes.',
    overrides: { ...W3_FINE_TUNE, freezing: 'on', freezeThreshold: 0.011 },
    demo: {
      story:
        'The same W3 fine-tune with iterative freezing: a weight whose oscillation frequency passes the threshold is frozen at its most frequent level. Watch the frequencies against the threshold: at lab scale they stay far below it, so almost nothing freezes.',
      plots: ['oscillation', 'histogram', 'loss-terms'],
      knobs: ['freezeThreshold', 'freezeThresholdStart', 'wBits'],
    },
  },
  {
    id: 'bn-reestimate',
    name: 'BN re-estimation: float control',
    goal: 'The W3 fine-tune in float: BN re-estimation gains less here than at W3, as oscillations predict.',
    overrides: { ...W3_FINE_TUNE, qat: 'off' },
    demo: {
      story:
        "The W3 fine-tune's float control: the same pretraining and fine-tune without quantization, BN re-estimated at the end. Without flipping weights the BN statistics barely drift, so re-estimation gains less here than in the W3 oscillation demo; compare the accuracy before and after it.",
      plots: ['loss-terms', 'histogram', 'kurtosis'],
      knobs: ['qat', 'bnReestimate', 'bnMomentum'],
    },
  },
];

/** The full recipe of `preset`: the defaults with its overrides (never the current settings). */
export function presetRecipe(preset: Preset): Recipe {
  return { ...defaultRecipe(), ...preset.overrides };
}

/**
 * The recipe a click on `preset` loads: its full recipe, keeping the backend the user forced
 * (where a demo trains is the machine's business, not the demo's).
 */
export function loadPreset(preset: Preset, current: Recipe): Recipe {
  return { ...presetRecipe(preset), backend: current.backend };
}

/** Whether `recipe` is `preset` as loaded, up to the backend. */
export function isPresetRecipe(preset: Preset, recipe: Recipe): boolean {
  return sameRecipe(loadPreset(preset, recipe), recipe);
}

/** The preset with this id, or undefined. */
export function findPreset(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** The preset `recipe` equals (up to the backend), or null. */
export function matchingPreset(recipe: Recipe): Preset | null {
  return PRESETS.find((p) => isPresetRecipe(p, recipe)) ?? null;
}

/**
 * The query string (without '?') for recipe A and the A/B twin: {@link encodeRecipe} (the
 * settings that differ from `base`), then the twin's parameters when it is on. The view
 * (`preset=`, `view=`, `class=`) is `view-codec.ts`'s. Pure.
 */
export function recipeQuery(
  recipe: Recipe,
  twin: Twin = NO_TWIN,
  base: Recipe = defaultRecipe(),
): string {
  const twinQuery = encodeTwin(recipe, twin);
  const query = encodeRecipe(recipe, base);
  return twinQuery ? `${query}&${twinQuery}` : query;
}
