/**
 * The arms `npm run paper-check` trains: each is a lab preset (src/settings/presets.ts), at most
 * with the one switch that makes it a control or a variant, on a data set and seed. What a class
 * opens by the preset's link is what the report measured. Quick runs shrink every arm to a smoke
 * test.
 */
import type { DatasetName } from '../../src/engine/data/dataset';
import type { PtqQuantizer } from '../../src/settings/ptq-quantizer';
import { findPreset, presetRecipe } from '../../src/settings/presets';
import type { Recipe } from '../../src/settings/schema';
import { recipeProblems } from '../../src/settings/validate-recipe';

/** One extra PTQ sweep of a finished run's weights, by another quantizer. */
export interface SweepRequest {
  id: string;
  quantizer: Partial<PtqQuantizer>;
}

/** One training run, named by arm, data set and seed; one key = one recipe, run once. */
export interface RunSpec {
  key: string;
  name: string;
  recipe: Recipe;
  /** Sweeps the worker asks for once the run has finished. */
  sweeps: SweepRequest[];
}

/** The four quantizers KURE's robustness is judged over (all symmetric, BN folded). */
export const QUANTIZERS = {
  'per-channel min-max': { granularity: 'per-channel', range: 'min-max' },
  'per-channel MSE': { granularity: 'per-channel', range: 'mse' },
  'per-tensor min-max': { granularity: 'per-tensor', range: 'min-max' },
  'per-tensor MSE': { granularity: 'per-tensor', range: 'mse' },
} as const satisfies Record<string, Partial<PtqQuantizer>>;
export type QuantizerName = keyof typeof QUANTIZERS;

/**
 * Multiples of the MSE-optimal step for KURE's step-size sensitivity (log-symmetric around 1;
 * the paper measures sensitivity to changes of the optimal step).
 */
export const STEP_SCALES = [0.5, 0.71, 1.41, 2] as const;

/**
 * KURE's sweeps: first and last layers at 8 bit, as KURE leaves them unregularised, so the
 * low-bit layers are exactly the regularised ones; the four quantizers and the step scales.
 */
const kureSweeps: SweepRequest[] = [
  ...Object.entries(QUANTIZERS).map(([name, q]) => ({
    id: `kure ${name}`,
    quantizer: { ...q, firstLast8: true },
  })),
  ...STEP_SCALES.map((scale) => ({
    id: `kure step ×${scale}`,
    quantizer: { ...QUANTIZERS['per-channel MSE'], firstLast8: true, stepScale: scale },
  })),
];
/** R2's sweeps: every layer quantized, first and last included (the R2 paper, 000 l.67). */
const r2Sweeps: SweepRequest[] = (['per-channel min-max', 'per-channel MSE'] as const).map(
  (name) => ({ id: `r2 ${name}`, quantizer: { ...QUANTIZERS[name], firstLast8: false } }),
);

/** An arm: a preset, the switch that makes it a control or variant, and its extra sweeps. */
interface Arm {
  name: string;
  preset: string;
  overrides?: Partial<Recipe>;
  sweeps?: SweepRequest[];
}

const config1 = { lsqPlusConfig: 'unsigned-symmetric' } as const;
const bits = (b: 2 | 3 | 4) => ({ wBits: b, aBits: String(b) as '2' | '3' | '4' }) as const;
const SWISH = 'lsq-plus-swish-w4a4';

export const ARMS = {
  float: { name: 'float', preset: 'baseline', sweeps: [...kureSweeps, ...r2Sweeps] },
  kure: { name: 'KURE', preset: 'kure-w4', sweeps: kureSweeps },
  r2: { name: 'R2 Margin', preset: 'r2-margin-w2', sweeps: r2Sweeps },
  lsq4: { name: 'config 1 W4A4', preset: SWISH, overrides: { ...config1 } },
  lsqPlus4: { name: 'config 3 W4A4', preset: SWISH },
  lsq3: { name: 'config 1 W3A3', preset: SWISH, overrides: { ...config1, ...bits(3) } },
  lsqPlus3: { name: 'config 3 W3A3', preset: SWISH, overrides: bits(3) },
  lsq2: { name: 'config 1 W2A2', preset: SWISH, overrides: { ...config1, ...bits(2) } },
  lsqPlus2: { name: 'config 3 W2A2', preset: SWISH, overrides: bits(2) },
  w3: { name: 'W3 LSQ', preset: 'oscillations-w3' },
  damp: { name: '+dampening', preset: 'dampening-w3' },
  freeze: { name: '+freezing', preset: 'freezing-w3' },
  floatFineTune: { name: 'float fine-tune', preset: 'bn-reestimate' },
  w8: { name: 'W8 LSQ', preset: 'oscillations-w3', overrides: { wBits: 8 } },
} as const satisfies Record<string, Arm>;
export type ArmId = keyof typeof ARMS;

export const armName = (id: ArmId): string => ARMS[id].name;

/** The settings every paper-check run pins: the data, the seed and the tfjs CPU backend. */
export const RUN_PINS = ['dataset', 'seed', 'backend'] as const satisfies (keyof Recipe)[];

/** A quick run: every arm cut to a smoke test (a few steps, a small test set). */
function quickSize(recipe: Recipe): Partial<Recipe> {
  return {
    steps: 6,
    pretrainSteps: Math.min(recipe.pretrainSteps, 4),
    batchSize: 16,
    testExamples: 200,
    metricsEvery: 3,
    evalEvery: 6,
  };
}

/** The full recipe of an arm on one data set and seed; throws if it is not a valid recipe. */
export function armRecipe(id: ArmId, data: DatasetName, seed: number, quick: boolean): Recipe {
  const arm: Arm = ARMS[id];
  const preset = findPreset(arm.preset);
  if (!preset) throw new Error(`paper-check: no preset ${arm.preset}`);
  const recipe: Recipe = { ...presetRecipe(preset), ...arm.overrides };
  if (quick) Object.assign(recipe, quickSize(recipe));
  Object.assign(recipe, { dataset: data, seed, backend: 'cpu' });
  const problems = recipeProblems(recipe);
  if (problems.length > 0) throw new Error(`paper-check arm ${id}: ${problems.join(' ')}`);
  return recipe;
}

/** The run of an arm, keyed so that claims sharing it run it once. */
export function armRun(id: ArmId, data: DatasetName, seed: number, quick: boolean): RunSpec {
  const arm: Arm = ARMS[id];
  return {
    key: `${id}|${data}|${seed}`,
    name: `${arm.name} ${data} seed ${seed}`,
    recipe: armRecipe(id, data, seed, quick),
    sweeps: arm.sweeps ?? [],
  };
}
