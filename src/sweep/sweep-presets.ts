/**
 * Ready sweeps that teach one knob each, sized for a classroom on a CPU: the small CNN, 300
 * steps per run, 3 seeds and at most 5 values (15 runs).
 */
import { findPreset, presetRecipe } from '../settings/presets';
import type { Recipe } from '../settings/schema';
import type { SweepSpec } from './sweep-types';

/** A named sweep: recipe A (a base preset with a few overrides) and the spec run over it. */
export interface SweepPreset {
  /** Stable id: lowercase words joined by '-'. */
  id: string;
  /** Short name shown on the picker. */
  title: string;
  /** One sentence on what to look for in the plot. */
  lookFor: string;
  /** Id of the base preset in settings/presets.ts. */
  preset: string;
  /** Settings over the base preset's recipe. */
  overrides: Partial<Recipe>;
  spec: SweepSpec;
}

/**
 * Every sweep run is this long: long enough to separate the values, short enough for a class.
 * Tested on 1000 images (one image = 0.1 pp): the evaluations and the PTQ sweep at the end cost
 * a third of a 300-step run on 2000. No PTQ sweeps during the run (the float demos' live payoff):
 * a sweep reads only each run's end.
 */
const QUICK: Partial<Recipe> = { steps: 300, testExamples: 1000, ptqEvery: 0 };

/**
 * Small-CNN W3 LSQ fine-tune after 300 float steps (the oscillation presets' recipe at
 * small-CNN scale): EMA momentum 0.004, so its 250-step memory fits the fine-tune.
 */
const SMALL_W3_LSQ: Partial<Recipe> = {
  ...QUICK,
  qat: 'lsq',
  wBits: 3,
  pretrainSteps: 300,
  pretrainLearningRate: 0.003,
  learningRate: 0.0003,
  lrSchedule: 'cosine',
  warmupSteps: 0,
  trackOscillations: 'on',
  oscMomentum: 0.004,
};

/** Every sweep preset, in the order the picker lists them. Each passes `sweepProblems`. */
export const SWEEP_PRESETS: readonly SweepPreset[] = [
  {
    id: 'kure-lambda',
    title: 'KURE weight λ',
    lookFor:
      'Kurtosis falls as λ grows; W3 per-tensor PTQ peaked at λ 0.1 here (beyond noise vs λ 1), and float accuracy paid a little.',
    preset: 'kure-w4',
    overrides: { ...QUICK },
    // KURE on at λ 0 is refused (it does nothing), so the smallest λ stands in for "off".
    spec: { knob: 'kureWeight', values: [0.001, 0.01, 0.1, 1, 3], seeds: 3, metric: 'ptq-w3' },
  },
  {
    id: 'r2-margin-lambda',
    title: 'R2 Margin weight λ',
    lookFor:
      'max|w|/std (metric max-std) falls with λ beyond noise; W2 PTQ rose to 71% at λ 1 here, yet 3 seeds leave that within noise.',
    preset: 'r2-margin-w2',
    overrides: { ...QUICK },
    spec: { knob: 'r2Weight', values: [0.001, 0.01, 0.1, 0.3, 1], seeds: 3, metric: 'ptq-w2' },
  },
  {
    id: 'dampening-lambda',
    title: 'Oscillation dampening λ',
    lookFor:
      'Few weights oscillate at this scale (osc-freq ~3e-4): λ up to 1 moved neither it nor test accuracy beyond noise here.',
    preset: 'baseline',
    overrides: { ...SMALL_W3_LSQ },
    spec: { knob: 'dampening', values: [0, 0.01, 0.1, 1], seeds: 3, metric: 'test-acc' },
  },
  {
    id: 'freezing-threshold',
    title: 'Freezing threshold',
    lookFor:
      'A lower threshold froze more: 1.3% of weights at 0.005, none at 0.1; test-acc moved 0.3 pp at most (0.02 beyond noise).',
    preset: 'baseline',
    overrides: { ...SMALL_W3_LSQ, freezing: 'on' },
    // At most the start threshold (0.1): the threshold decays from its start to these.
    spec: {
      knob: 'freezeThreshold',
      values: [0.005, 0.011, 0.02, 0.05, 0.1],
      seeds: 3,
      metric: 'frozen',
    },
  },
  {
    id: 'ptq-granularity',
    title: 'PTQ per tensor vs per channel',
    lookFor:
      'Switch the metric from W8 to W2: per tensor lost 0 pp at W8, 0.9 at W4, 3.8 at W3 and 21 at W2 (only W2 beyond noise) here.',
    preset: 'baseline',
    overrides: { ...QUICK },
    spec: {
      knob: 'ptqGranularity',
      values: ['per-tensor', 'per-channel'],
      seeds: 3,
      metric: 'ptq-w4',
    },
  },
  {
    id: 'learning-rate',
    title: 'Learning rate',
    lookFor:
      'Accuracy rose with the rate to 0.003 (0.0003 was 6.6 pp lower, beyond noise); 0.01 and 0.03 stayed within noise of it here.',
    preset: 'baseline',
    overrides: { ...QUICK },
    spec: {
      knob: 'learningRate',
      values: [0.0003, 0.001, 0.003, 0.01, 0.03],
      seeds: 3,
      metric: 'test-acc',
    },
  },
  {
    id: 'qat-bits',
    title: 'QAT weight bit width',
    lookFor:
      'QAT test-acc fell from 94.8% at W8 to 94.2% at W3 (beyond noise) and 92.8% at W2, whose seeds spread most.',
    preset: 'baseline',
    overrides: { ...SMALL_W3_LSQ },
    spec: { knob: 'wBits', values: [2, 3, 4, 6, 8], seeds: 3, metric: 'test-acc' },
  },
];

/** The sweep preset with this id, or undefined. */
export function findSweepPreset(id: string): SweepPreset | undefined {
  return SWEEP_PRESETS.find((p) => p.id === id);
}

/** Recipe A of a sweep preset: its base preset's full recipe with its overrides. */
export function sweepPresetRecipe(p: SweepPreset): Recipe {
  const base = findPreset(p.preset);
  // A table error, not user input: the unit tests check every base preset exists.
  if (!base) throw new Error(`Sweep preset ${p.id}: no base preset ${p.preset}`);
  return { ...presetRecipe(base), ...p.overrides };
}
