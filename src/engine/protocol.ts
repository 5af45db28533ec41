/**
 * The typed message protocol between the UI thread and the training worker.
 * Commands flow UI -> engine, events flow engine -> UI; both are discriminated unions on `type`
 * and are validated with zod on arrival, so a malformed message is reported, never acted on.
 */
import { z } from 'zod';
import {
  SETTINGS,
  SETTING_KEYS,
  type EnumSpec,
  type NumberSpec,
  type Recipe,
} from '../settings/schema';
import { exportWeightsCommandSchema, weightsEventSchema } from './export/weights-schema';

const enumOf = <T extends string>(options: readonly { value: T }[]) =>
  z.enum(options.map((o) => o.value) as [T, ...T[]]);

const specSchema = (spec: NumberSpec | EnumSpec): z.ZodType => {
  if (spec.kind === 'enum') return enumOf(spec.options);
  const n = z.number().min(spec.min).max(spec.max);
  return spec.integer ? n.int() : n;
};

/**
 * The training recipe the engine runs: exactly the user's settings, validated key by key from the
 * one settings table (so a new setting cannot be forgotten here).
 */
export const recipeSchema = z.object(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, specSchema(SETTINGS[key])])),
) as unknown as z.ZodType<Recipe>;

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
  /** Run the PTQ sweep W2..W8 on the current weights now (paused or finished runs only). */
  z.object({ type: z.literal('ptq') }),
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
]);
export type EngineCommand = z.infer<typeof engineCommandSchema>;

export const BACKEND_NAMES = ['webgpu', 'webgl', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

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

export const engineEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('phase'), phase: z.enum(RUN_PHASES), message: z.string() }),
  /** Which backend runs, and why it is not the requested or preferred one (empty when it is). */
  z.object({
    type: z.literal('backend'),
    backend: z.enum(BACKEND_NAMES),
    reason: z.string(),
    fastCpuKernels: z.boolean(),
  }),
  z.object({
    type: z.literal('dataset'),
    dataset: enumOf(SETTINGS.dataset.options),
    trainCount: z.number().int(),
    testCount: z.number().int(),
  }),
  /** Training metrics averaged over the steps since the previous event. */
  z.object({
    type: z.literal('train-metrics'),
    step: z.number().int(),
    /** Total loss: the task cross-entropy plus every technique's weighted term. */
    loss: z.number(),
    /** Each loss term's window mean: 'task' and one per active technique ('r2', 'kure'). */
    terms: z.record(z.string(), z.number()),
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
  }),
  /** Kernel statistics of every weight layer after `step` steps (read with the train metrics). */
  z.object({
    type: z.literal('layer-stats'),
    step: z.number().int(),
    layers: z.array(
      z.object({
        name: z.string(),
        kind: z.string(),
        kurtosis: z.number(),
        maxAbs: z.number(),
        std: z.number(),
      }),
    ),
  }),
  /** Per-layer values a technique reports (learned s and beta, margins, oscillation frequency…). */
  z.object({
    type: z.literal('technique-metrics'),
    step: z.number().int(),
    technique: z.string(),
    layers: z.array(z.object({ name: z.string(), values: z.record(z.string(), z.number()) })),
  }),
  /**
   * Integer values of a fixed sample of one layer's weights after each step since the previous
   * chunk (QAT with oscillation tracking): flips between grid points show as stripes.
   */
  z.object({
    type: z.literal('weight-trace'),
    step: z.number().int(),
    layer: z.string(),
    n: z.number().int(),
    p: z.number().int(),
    steps: z.array(z.number().int()),
    values: z.array(z.array(z.number())),
  }),
  /** One layer's weights on a quantization grid after `step` steps (read with the train metrics). */
  z.object({
    type: z.literal('histogram'),
    step: z.number().int(),
    layer: z.string(),
    bits: z.number().int(),
    n: z.number().int(),
    p: z.number().int(),
    latentCounts: z.array(z.number()),
    quantizedCounts: z.array(z.number()),
    clippedBelow: z.number(),
    clippedAbove: z.number(),
    scale: z.number().nullable(),
    /** Zero point z of a per-tensor grid (0 when symmetric, learned or per channel). */
    zeroPoint: z.number(),
    /** 'ptq': the PTQ settings' grid at histBits; 'learned': the QAT quantizer's step and bits. */
    grid: z.enum(['ptq', 'learned']),
  }),
  /** PTQ sweep of the weights after `step` steps: test accuracy at each weight bit width. */
  z.object({
    type: z.literal('ptq'),
    step: z.number().int(),
    method: z.string(),
    fpAccuracy: z.number(),
    points: z.array(
      z.object({
        bits: z.number().int(),
        label: z.string(),
        accuracy: z.number(),
        loss: z.number(),
      }),
    ),
  }),
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
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;
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
