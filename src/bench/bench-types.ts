/**
 * What the bench page's worker (and the Node bench) is asked to measure and what it reports.
 * Plain data only: it crosses postMessage and Playwright's evaluate.
 */
import type { BackendRequest } from '../engine/backend/select-backend';
import type { BackendName } from '../engine/protocol';

/** One backend's measurement plan. Step counts are multiples of the default `metricsEvery`. */
export interface BenchPlan {
  /** Backend to force; the report says which one actually ran. */
  backend: BackendRequest;
  /** Training batch size of every run (engine and bare loop alike). */
  batchSize: number;
  /** Steps run before the measured window starts (shader compilation, allocator warm-up). */
  warmupSteps: number;
  /**
   * Steps measured per loop, a multiple of the default `metricsEvery`: that many rounds of one
   * window per loop (bare, float engine, QAT engine), back to back.
   */
  measuredSteps: number;
  /**
   * Test images per evaluation, where the default is too slow to run here (SwiftShader WebGPU
   * takes ~2 minutes for the default 2000); null keeps the default.
   */
  testExamples: number | null;
  /** Whether the float run ends with the default PTQ sweep (timed for the PTQ ratio). */
  endSweep: boolean;
}

/** Timings of one engine run, read from the timestamps of its own events. */
export interface EngineTiming {
  /**
   * Wall-clock ms per step, the median over the measured windows of `metricsEvery` steps. A
   * window runs from the loop's resume to its last metrics-cadence event: the steps, their
   * yields and one round of the cadence's reads (train window, layer statistics, technique
   * reports, weight traces); evaluations come after those reads and are timed apart.
   */
  msPerStep: number;
  /** Each measured window's ms, in round order. */
  windowsMs: number[];
  /** One test evaluation plus the weight histogram that follows it, mean over the run, ms. */
  evalMs: number;
  /**
   * The reads after each test evaluation (every layer's histogram, the layer inspector's SQNR at
   * W2..W8 for four quantizers and its outliers), mean ms; part of `evalMs`.
   */
  inspectorMs: number;
  /** The PTQ sweep W2..W8 at the end of the run (null when the run had none), ms. */
  ptqMs: number | null;
  /** Mean of the engine's own `stepsPerSecond` field over the measured window. */
  reportedStepsPerSecond: number;
  /** Mean ms per metrics read spent after the train-metrics event, by what was read. */
  reads: { layerStats: number; techniques: number; weightTrace: number };
}

/** Kernel counts and times of one training step under `tf.profile`. */
export interface StepProfile {
  /** Kernels launched by one step. */
  kernels: number;
  /** Sum of the kernels' own times, ms (null where the backend cannot time kernels). */
  kernelMs: number | null;
  /** Tensors allocated by one step (kept or not). */
  newTensors: number;
  /** Kernel launches by kernel name. */
  byKernel: Record<string, number>;
}

/** Everything one backend's suite measures. */
export interface SuiteResult {
  requested: BackendRequest;
  /** The backend that actually ran (a failed forced backend falls back). */
  backend: BackendName;
  /** Why it is not the requested one, or ''. */
  backendReason: string;
  plan: BenchPlan;
  /** The default `metricsEvery` and `evalEvery` the runs used. */
  metricsEvery: number;
  evalEvery: number;
  /** Bare tfjs loop, wall-clock ms per step: the median chunk of `metricsEvery` steps. */
  bareMsPerStep: number;
  /** Each bare chunk's ms (`metricsEvery` steps ending with one loss read), in round order. */
  bareWindowsMs: number[];
  /** Lab engine, float training (defaults). */
  fp: EngineTiming;
  /** Lab engine, LSQ+ W4A4 QAT. */
  qat: EngineTiming;
  /** One step of each loop under `tf.profile`: where the engine's extra time can come from. */
  profile: { bare: StepProfile; engine: StepProfile; qat: StepProfile };
}

/** Messages from the bench worker to its page. */
export type WorkerReply =
  | { type: 'log'; line: string }
  | { type: 'result'; result: SuiteResult }
  | { type: 'error'; message: string };
