/**
 * The typed message protocol between the UI thread and the training worker.
 * Commands flow UI -> engine, events flow engine -> UI; both are discriminated unions on `type`
 * and are validated with zod on arrival, so a malformed message is reported, never acted on.
 */
import { z } from 'zod';
import { recipeSchema } from '../settings/recipe-schema';
import { MAX_BITS, MIN_BITS } from '../core/quant/bits';
import { SETTINGS } from '../settings/schema';
import { enumSchema } from '../settings/spec-check';
import { STAGE_NAMES } from '../settings/pretrain';
import {
  LOSS_TERMS,
  REPORT_KEYS,
  type LossTerm,
  type ReportingTechniqueId,
} from '../settings/techniques';
import { exportWeightsCommandSchema, weightsEventSchema } from './export/weights-schema';
import {
  ptqOverridesSchema,
  ptqQuantizerOf,
  ptqQuantizerSchema,
  type PtqQuantizer,
} from '../settings/ptq-quantizer';
import type { Recipe } from '../settings/schema';

export { ptqQuantizerSchema, type PtqQuantizer };

export const BACKEND_NAMES = ['webgpu', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** One backend's speed trial (`backend/speed-trials.ts`): ms per timed step, or null and why. */
export const speedTrialSchema = z.object({
  msPerStep: z.number().positive().nullable(),
  /** Why there is no time: 'no timed step within 5 s', or the error's message. */
  failure: z.string().max(300).optional(),
});
export type SpeedTrial = z.infer<typeof speedTrialSchema>;

/** A software GPU 'auto' passed over: the backend and the renderer behind it ('SwiftShader'). */
export const softwareGpuSchema = z.object({
  backend: z.enum(BACKEND_NAMES),
  renderer: z.string().max(100),
});
export type SoftwareGpu = z.infer<typeof softwareGpuSchema>;

/** This browser's speed trials by backend (a backend not tried is absent). */
export const speedTrialsSchema = z.partialRecord(z.enum(BACKEND_NAMES), speedTrialSchema);
export type SpeedTrials = z.infer<typeof speedTrialsSchema>;

export const engineCommandSchema = z.discriminatedUnion('type', [
  /** Load backend, data and a fresh model for `recipe` (unless the current run already uses it), then train. */
  z.object({ type: z.literal('start'), recipe: recipeSchema }),
  z.object({ type: z.literal('pause') }),
  z.object({ type: z.literal('resume') }),
  /** Run exactly one training step (preparing a run for `recipe` first if there is none), then pause. */
  z.object({ type: z.literal('step'), recipe: recipeSchema }),
  /** Stop and discard the run: weights, optimizer state and metrics. */
  z.object({ type: z.literal('reset') }),
  /** Only check that data set `dataset` loads, so the UI can report a broken asset before Start. */
  z.object({ type: z.literal('probe'), recipe: recipeSchema }),
  /**
   * Re-estimate the BN running statistics of the current run's model on training batches (methods
   * 5.6), then report test accuracy before and after. Only while a run exists and no loop runs.
   */
  z.object({ type: z.literal('bn-reestimate') }),
  /**
   * Run the PTQ sweep W2..W8 on the current weights now (paused or finished runs only), with the
   * recipe's quantizer or, for the fields `quantizer` gives, another (`settings/ptq-quantizer.ts`).
   */
  z.object({ type: z.literal('ptq'), quantizer: ptqOverridesSchema.optional() }),
  /**
   * Per-layer sensitivity of the current weights at W`bits` (idle runs only): test accuracy with
   * only one layer quantized, for every layer, on the first `images` test images at most (all by
   * default; fewer where the backend is slow, `sensitivityImageCount`).
   */
  z.object({
    type: z.literal('sensitivity'),
    bits: z.number().int().min(MIN_BITS).max(MAX_BITS),
    images: z.number().int().positive().optional(),
  }),
  /** Export the current weights: FP (tfjs io format) and integer codes at `bits` (idle runs only). */
  exportWeightsCommandSchema,
  /**
   * Destroy the WebGPU device on purpose, so the device-loss recovery can be tested end to end.
   * On another backend the engine answers with a `backend` error and changes nothing.
   */
  z.object({ type: z.literal('simulate-device-loss') }),
  /**
   * Throw an uncaught error in the worker, so the page's crash recovery can be tested end to end.
   * The worker entry acts on it; an engine without a worker (Node) says it cannot crash.
   */
  z.object({ type: z.literal('simulate-crash') }),
  /**
   * This browser's speed trials (`backend/speed-trials.ts`), from the page's cache or a trial just
   * run: 'auto' reads them from the next backend selection on. Sent before the first start.
   */
  z.object({ type: z.literal('speed-trials'), trials: speedTrialsSchema }),
]);
export type EngineCommand = z.infer<typeof engineCommandSchema>;

export const RUN_PHASES = ['idle', 'loading', 'running', 'paused', 'finished', 'failed'] as const;
export type RunPhase = (typeof RUN_PHASES)[number];

export const ERROR_KINDS = [
  'data',
  'rejected',
  'diverged',
  'backend',
  'protocol',
  'internal',
] as const;

/**
 * Payloads the engine produces, declared once here: the engine's own types are inferred from these
 * schemas (`LayerStats`, `LayerValues`, `WeightTraceChunk`, …), so the two cannot drift
 * (test/unit/protocol-types.test.ts checks the engine's functions against them).
 */

/** Shape statistics of one weight layer's kernel, as plotted per layer. */
export const layerStatsSchema = z.object({
  name: z.string(),
  kind: z.string(),
  /** Kurtosis with the N-1 estimator (methods.md 3.1): 3 for a Gaussian, 1.8 for a uniform. */
  kurtosis: z.number(),
  /** Largest |w|. */
  maxAbs: z.number(),
  /** Standard deviation (N-1). */
  std: z.number(),
});
export type LayerStats = z.infer<typeof layerStatsSchema>;

/** SQNR (dB) of one layer's weights: `db[q][b]` for quantizer `quantizers[q]` at `bits[b]`. */
export const layerSqnrSchema = z.object({
  name: z.string(),
  /** null where the ratio is not finite (a grid that holds every weight exactly, no signal). */
  db: z.array(z.array(z.number().nullable())),
});
export type LayerSqnr = z.infer<typeof layerSqnrSchema>;

/**
 * Per-layer sensitivity after `step` steps (the layer inspector): test accuracy with only one
 * layer's weights quantized at W`bits`, the others float, against the float model and all
 * layers quantized, on the first `images` test images.
 */
export const layerSensitivitySchema = z.object({
  type: z.literal('layer-sensitivity'),
  step: z.number().int(),
  bits: z.number().int(),
  images: z.number().int().positive(),
  /** Plain words on the quantizer (`ptqMethod`): the recipe's weight settings, activations float. */
  method: z.string(),
  fpAccuracy: z.number(),
  allAccuracy: z.number(),
  layers: z.array(z.object({ name: z.string(), accuracy: z.number() })),
});
export type LayerSensitivity = z.infer<typeof layerSensitivitySchema>;

/**
 * How far a sensitivity measurement is: `done` of `total` evaluation passes (the float model, one
 * per layer, all layers) on `images` test images. Transient: not part of a stored run.
 */
export const sensitivityProgressSchema = z.object({
  type: z.literal('sensitivity-progress'),
  done: z.number().int().nonnegative(),
  total: z.number().int().positive(),
  images: z.number().int().positive(),
});
export type SensitivityProgress = z.infer<typeof sensitivityProgressSchema>;

/** One of a layer's largest weights by |w|, and where it sits. */
export const topWeightSchema = z.object({
  value: z.number(),
  /** The per-channel scale's channel (core/metrics/kernel-position.ts). */
  channel: z.number().int(),
  /** Coordinates in TF.js kernel layout. */
  coords: z.array(z.number().int()),
});

/** A layer's outliers: its largest weights and each channel's range (why per-channel helps). */
export const layerOutliersSchema = z.object({
  name: z.string(),
  kind: z.string(),
  shape: z.array(z.number().int()),
  /** Standard deviation (N-1), so a weight reads as |w|/std. */
  std: z.number(),
  /** The largest weights by |w|, largest first. */
  top: z.array(topWeightSchema),
  /** Smallest and largest weight of each per-channel scale's channel. */
  channelMin: z.array(z.number()),
  channelMax: z.array(z.number()),
});
export type LayerOutliers = z.infer<typeof layerOutliersSchema>;

/** One layer's values reported by technique `id`: only its own keys (a key may be absent). */
const layerValuesSchema = <Id extends ReportingTechniqueId>(id: Id) => {
  const keys: readonly (typeof REPORT_KEYS)[Id][number][] = REPORT_KEYS[id];
  const shape = Object.fromEntries(keys.map((k) => [k, z.number().optional()]));
  return z.object({
    name: z.string(),
    values: z.strictObject(shape as Record<(typeof keys)[number], z.ZodOptional<z.ZodNumber>>),
  });
};

/** Per-layer values of one technique (learned s and beta, margins, oscillation frequency…). */
const techniqueMetricsSchema = <Id extends ReportingTechniqueId>(id: Id) =>
  z.object({
    type: z.literal('technique-metrics'),
    step: z.number().int(),
    technique: z.literal(id),
    layers: z.array(layerValuesSchema(id)),
  });

/** One technique-metrics event per reporting technique, told apart by `technique`. */
const techniqueMetricsEventSchema = z.discriminatedUnion('technique', [
  techniqueMetricsSchema('r2'),
  techniqueMetricsSchema('qat'),
  techniqueMetricsSchema('oscillation'),
]);
type TechniqueMetricsEvent = z.infer<typeof techniqueMetricsEventSchema>;

/** What a technique reports: its id and its values per layer (the event without type and step). */
export type TechniqueReport = TechniqueMetricsEvent extends infer E
  ? E extends TechniqueMetricsEvent
    ? Omit<E, 'type' | 'step'>
    : never
  : never;

/** One layer's values reported by technique `Id`. */
export type LayerValues<Id extends ReportingTechniqueId> = Extract<
  TechniqueReport,
  { technique: Id }
>['layers'][number];

/** Integer values of sampled weights of one layer at each step since the previous read. */
export const weightTraceChunkSchema = z.object({
  layer: z.string(),
  /** Bounds of the layer's integer grid. */
  n: z.number().int(),
  p: z.number().int(),
  steps: z.array(z.number().int()),
  /** values[i][k]: integer value of sampled weight k after steps[i]. */
  values: z.array(z.array(z.number())),
});
export type WeightTraceChunk = z.infer<typeof weightTraceChunkSchema>;

/** One layer's weights on a quantization grid, as the histogram plot draws them. */
export const weightHistogramSchema = z.object({
  layer: z.string(),
  bits: z.number().int(),
  /** Integer grid [n, p]; bin k holds level n + k, edges at the mid-points. */
  n: z.number().int(),
  p: z.number().int(),
  latentCounts: z.array(z.number()),
  quantizedCounts: z.array(z.number()),
  /** Weights beyond the clipping range (the STE passes them no gradient). */
  clippedBelow: z.number(),
  clippedAbove: z.number(),
  /** Step size in weight units when the grid is per tensor (null per channel). */
  scale: z.number().nullable(),
  /** Zero point z of a per-tensor grid (0 when symmetric, learned or per channel). */
  zeroPoint: z.number(),
  /** 'ptq': the PTQ settings' grid at histBits; 'learned': the QAT quantizer's step and bits. */
  grid: z.enum(['ptq', 'learned']),
});
export type WeightHistogram = z.infer<typeof weightHistogramSchema>;

/** One point of the PTQ sweep: test accuracy with every kernel fake-quantized to `bits`. */
export const ptqPointSchema = z.object({
  bits: z.number().int(),
  /** `W<b>A<b_a>`; A32 when activations stay in float. */
  label: z.string(),
  accuracy: z.number(),
  loss: z.number(),
});
export type PtqPoint = z.infer<typeof ptqPointSchema>;

/** PTQ sweep of the weights after `step` steps: test accuracy at each weight bit width. */
const ptqEventSchema = z.object({
  type: z.literal('ptq'),
  step: z.number().int(),
  /** Plain words on the quantizer used (`ptqMethod`). */
  method: z.string(),
  fpAccuracy: z.number(),
  points: z.array(ptqPointSchema),
  /** The quantizer used: the recipe's, or the command's overrides on top of it. */
  quantizer: ptqQuantizerSchema,
  /** Test images evaluated (the float accuracy's too): fewer on the `ptqEvery` cadence. */
  images: z.number().int().positive(),
});

/**
 * Runs recorded before the dampening term had its own name called it 'oscillation'; stored runs
 * and run files are read with the current name.
 */
export function upgradeLossTerms(terms: unknown): unknown {
  if (typeof terms !== 'object' || terms === null || !('oscillation' in terms)) return terms;
  const { oscillation, ...rest } = terms as Record<string, unknown>;
  return { ...rest, dampening: oscillation };
}

/** Each loss term's window mean, by term name. */
const lossTermsSchema = z.preprocess(
  upgradeLossTerms,
  z.partialRecord(z.enum(LOSS_TERMS), z.number()),
) as z.ZodType<Partial<Record<LossTerm, number>>>;

/**
 * A stage of a two-stage run starts (settings/pretrain.ts): float pretraining at step 0, then
 * fine-tuning at run step `pretrainSteps`, for `steps` steps. One-stage runs send none.
 */
export const stageEventSchema = z.object({
  type: z.literal('stage'),
  /** Run step the stage starts at; its events count on from here. */
  step: z.number().int(),
  stage: z.enum(STAGE_NAMES),
  /** Steps the stage trains. */
  steps: z.number().int(),
});

export const engineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase'), phase: z.enum(RUN_PHASES), message: z.string() }),
  /** Which backend runs, and why it is not the requested or preferred one (empty when it is). */
  z.object({
    type: z.literal('backend'),
    backend: z.enum(BACKEND_NAMES),
    reason: z.string(),
    fastCpuKernels: z.boolean(),
    /** Software GPUs 'auto' passed over with no speed trial to go by: the page may run one. */
    untimed: z.array(softwareGpuSchema).optional(),
  }),
  z.object({
    type: z.literal('dataset'),
    dataset: enumSchema(SETTINGS.dataset.options),
    trainCount: z.number().int(),
    testCount: z.number().int(),
  }),
  /** Training metrics averaged over the steps since the previous event. */
  z.object({
    type: z.literal('train-metrics'),
    step: z.number().int(),
    /** Total loss: the task cross-entropy plus every technique's weighted term. */
    loss: z.number(),
    /** Each loss term's window mean: 'task' and one per active technique's term. */
    terms: lossTermsSchema,
    trainAccuracy: z.number(),
    stepsPerSecond: z.number(),
    /** Learning rate of the window's last step (after warm-up and schedule). */
    learningRate: z.number().optional(),
    /**
     * tfjs bookkeeping when the metrics were read (`tf.memory()`, no device read): live tensors
     * and their bytes on the backend. Absent in runs recorded before it was added.
     */
    memory: z.object({ numTensors: z.number().int(), numBytes: z.number() }).optional(),
  }),
  /** Accuracy and mean loss on the evaluated test images with the weights after `step` steps. */
  z.object({
    type: z.literal('test-metrics'),
    step: z.number().int(),
    testAccuracy: z.number(),
    testLoss: z.number(),
    /** Images tested, when fewer than the recipe's (an untrained model's step-0 test). */
    images: z.number().int().positive().optional(),
  }),
  /** Kernel statistics of every weight layer after `step` steps (read with the train metrics). */
  z.object({
    type: z.literal('layer-stats'),
    step: z.number().int(),
    layers: z.array(layerStatsSchema),
  }),
  /**
   * SQNR of every weight layer at every width for each quantizer of `core/metrics/sqnr.ts`, and
   * each layer's outliers: the layer inspector's live figures, read with each test evaluation
   * (the MSE searches cost about as much as the histogram's grid).
   */
  z.object({
    type: z.literal('layer-sqnr'),
    step: z.number().int(),
    bits: z.array(z.number().int()),
    quantizers: z.array(z.string()),
    layers: z.array(layerSqnrSchema),
  }),
  z.object({
    type: z.literal('layer-outliers'),
    step: z.number().int(),
    layers: z.array(layerOutliersSchema),
  }),
  layerSensitivitySchema,
  sensitivityProgressSchema,
  /** Per-layer values a technique reports (learned s and beta, margins, oscillation frequency…). */
  techniqueMetricsEventSchema,
  /**
   * Integer values of a fixed sample of one layer's weights after each step since the previous
   * chunk (QAT with oscillation tracking): flips between grid points show as stripes.
   */
  z
    .object({ type: z.literal('weight-trace'), step: z.number().int() })
    .extend(weightTraceChunkSchema.shape),
  /**
   * Every weight layer's histogram after `step` steps, in model order (the inspector's histogram
   * through time), sent with the chosen layer's `histogram` event.
   */
  z.object({
    type: z.literal('layer-histograms'),
    step: z.number().int(),
    layers: z.array(weightHistogramSchema),
  }),
  /** One layer's weights on a quantization grid after `step` steps (read with the train metrics). */
  z
    .object({ type: z.literal('histogram'), step: z.number().int() })
    .extend(weightHistogramSchema.shape),
  ptqEventSchema,
  /**
   * BN running statistics re-estimated after `step` steps on `batches` training batches: test
   * accuracy with the previous statistics (`before`) and with the re-estimated ones (`after`).
   */
  z.object({
    type: z.literal('bn-reestimated'),
    step: z.number().int(),
    batches: z.number().int(),
    before: z.number(),
    after: z.number(),
  }),
  z.object({
    type: z.literal('error'),
    kind: z.enum(ERROR_KINDS),
    message: z.string(),
    step: z.number().int().optional(),
  }),
  /** The current weights, answering `export-weights`: a download, not run state. */
  weightsEventSchema,
  stageEventSchema,
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;

/**
 * Events as stored runs and run files hold them: today's, or an older form {@link upgradeEvent}
 * reads. A 'ptq' event recorded before `quantizer` existed lacks it: its sweep used the run's
 * recipe quantizer (BN folded, steps as calibrated), the only one there was. One recorded before
 * `images` existed evaluated all the recipe's test images.
 */
export const storedEventSchema = z.discriminatedUnion('type', [
  ptqEventSchema.extend({
    quantizer: ptqQuantizerSchema.optional(),
    images: z.number().int().positive().optional(),
  }),
  ...engineEventSchema.options.filter((option) => option !== ptqEventSchema),
]);
export type StoredEvent = z.infer<typeof storedEventSchema>;

/**
 * An event as recorded by an older lab, in today's form (stored runs are replayed without
 * validation): the dampening term's old name becomes 'dampening', and a 'ptq' event without its
 * quantizer or image count gets the run's `recipe`'s.
 */
export function upgradeEvent(event: StoredEvent, recipe: Recipe): EngineEvent {
  if (event.type === 'ptq') {
    return {
      ...event,
      quantizer: event.quantizer ?? ptqQuantizerOf(recipe),
      images: event.images ?? recipe.testExamples,
    };
  }
  if (event.type !== 'train-metrics') return event;
  const terms = upgradeLossTerms(event.terms) as typeof event.terms;
  return terms === event.terms ? event : { ...event, terms };
}
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** Validate an incoming command; the error names what is wrong. */
export function parseCommand(data: unknown): EngineCommand {
  return parseOrThrow(engineCommandSchema, data, 'command');
}

/** Validate an incoming event; the error names what is wrong. */
export function parseEvent(data: unknown): EngineEvent {
  return parseOrThrow(engineEventSchema, data, 'event');
}

function parseOrThrow<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new Error(`Malformed engine ${what}${where}: ${issue?.message ?? 'invalid'}`);
}
