import type {
  BackendName,
  EngineEvent,
  ErrorKind,
  RunPhase,
  SoftwareGpu,
} from '../engine/protocol';
import { addSnapshot, noSnapshots, type Snapshots } from './thin-snapshots';
import type { Recipe } from '../settings/schema';
import { LOSS_TERMS, type LossTerm, type ReportingTechniqueId } from '../settings/techniques';
import { addPtqSweep } from './ptq-curves';

/** Metric series as parallel arrays, ready for plotting. */
export interface Series {
  step: number[];
  value: number[];
}

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

/** The technique-metrics events of technique `Id`. */
export type TechniqueEvent<Id extends ReportingTechniqueId = ReportingTechniqueId> = Extract<
  EventOf<'technique-metrics'>,
  { technique: Id }
>;

/** Every technique-metrics event of a run, by technique, in step order. */
export type TechniqueHistories = {
  readonly [Id in ReportingTechniqueId]?: readonly TechniqueEvent<Id>[];
};

/** Integer values of a few sampled weights of one layer at every step (QAT), for the raster plot. */
export interface WeightTraceState {
  layer: string;
  /** Grid bounds of the layer's quantizer. */
  n: number;
  p: number;
  steps: number[];
  /** values[i][k]: integer value of sampled weight k after steps[i]. */
  values: number[][];
}

/** tfjs memory bookkeeping at each train-metrics read, as parallel arrays (leak watch). */
export interface MemoryHistory {
  step: number[];
  /** Live tensors in the worker's tfjs. */
  numTensors: number[];
  /** Bytes those tensors hold. */
  numBytes: number[];
}

/** Rows of the weight trace kept for plotting (older steps scroll out). */
export const WEIGHT_TRACE_ROWS = 400;

/** Everything the UI knows about the engine, built only from engine events. */
export interface RunState {
  phase: RunPhase;
  message: string;
  backend: {
    name: BackendName;
    reason: string;
    fastCpuKernels: boolean;
    /** Software GPUs 'auto' passed over without a speed trial (the page then runs one). */
    untimed?: SoftwareGpu[];
  } | null;
  dataset: { trainCount: number; testCount: number } | null;
  /** The recipe of the run the engine holds (null before the first start or after a reset). */
  recipe: Recipe | null;
  step: number;
  stepsPerSecond: number | null;
  trainLoss: Series;
  trainAccuracy: Series;
  testLoss: Series;
  testAccuracy: Series;
  /** Images of the latest test when it used fewer than the recipe's (an untrained model's step 0). */
  testImages: number | null;
  /** Live tensors and bytes at every train-metrics read (empty for runs recorded without). */
  memory: MemoryHistory;
  /** Each loss term (task and one per technique's term) averaged per metrics window. */
  terms: Partial<Record<LossTerm, Series>>;
  /** Latest kernel statistics per weight layer. */
  layerStats: EventOf<'layer-stats'> | null;
  /** Latest SQNR of every layer at W2..W8 per inspector quantizer (the layer inspector). */
  layerSqnr: EventOf<'layer-sqnr'> | null;
  /** Latest outliers of every layer: top weights, channel ranges (the layer inspector). */
  layerOutliers: EventOf<'layer-outliers'> | null;
  /** Latest per-layer sensitivity (the layer inspector's on-demand measurement). */
  layerSensitivity: EventOf<'layer-sensitivity'> | null;
  /** A sensitivity measurement under way: passes done of total (transient, never recorded). */
  sensitivityProgress: Omit<EventOf<'sensitivity-progress'>, 'type'> | null;
  /** Every layer-stats event of the run, in step order (kurtosis over steps). */
  layerStatsHistory: EventOf<'layer-stats'>[];
  /** Every technique-metrics event of the run, by technique id, in step order. */
  techniqueHistory: TechniqueHistories;
  /**
   * Every layer's histogram over the run (the inspector's histogram through time), at most
   * `MAX_SNAPSHOTS`, thinned evenly (`thin-snapshots.ts`); empty for runs recorded before.
   */
  layerHistograms: Snapshots<EventOf<'layer-histograms'>>;
  /** Latest weight histogram of the chosen layer on its grid. */
  histogram: Extract<EngineEvent, { type: 'histogram' }> | null;
  /** Latest PTQ sweep, whatever its quantizer. */
  ptq: EventOf<'ptq'> | null;
  /** Every PTQ sweep of the run with its recipe's quantizer, in step order (`ptq-curves.ts`). */
  ptqHistory: EventOf<'ptq'>[];
  /** Latest PTQ sweep per quantizer (the recipe's and each re-quantization), first-come order. */
  ptqCurves: EventOf<'ptq'>[];
  /** Sampled weights' integer values per step (QAT with oscillation tracking), or null. */
  weightTrace: WeightTraceState | null;
  /** Latest BN re-estimation (test accuracy before and after). */
  bnReestimate: Extract<EngineEvent, { type: 'bn-reestimated' }> | null;
  error: { kind: ErrorKind; message: string; step?: number } | null;
  /** The stages of a two-stage run as they started (none for a one-stage run or older runs). */
  stages: EventOf<'stage'>[];
}

const emptySeries = (): Series => ({ step: [], value: [] });

export function initialRunState(): RunState {
  return {
    phase: 'idle',
    message: 'Preparing…',
    backend: null,
    dataset: null,
    recipe: null,
    step: 0,
    stepsPerSecond: null,
    trainLoss: emptySeries(),
    trainAccuracy: emptySeries(),
    testLoss: emptySeries(),
    testAccuracy: emptySeries(),
    testImages: null,
    memory: { step: [], numTensors: [], numBytes: [] },
    terms: {},
    layerStats: null,
    layerSqnr: null,
    layerOutliers: null,
    layerSensitivity: null,
    sensitivityProgress: null,
    layerStatsHistory: [],
    techniqueHistory: {},
    layerHistograms: noSnapshots(),
    histogram: null,
    ptq: null,
    ptqHistory: [],
    ptqCurves: [],
    weightTrace: null,
    bnReestimate: null,
    error: null,
    stages: [],
  };
}

/** The parts of the run state that describe the engine rather than one run's metrics. */
type EngineFacts = 'phase' | 'message' | 'backend' | 'dataset' | 'recipe';

/** The metrics part of a run, cleared when a new run starts. */
export function clearedMetrics(): Omit<RunState, EngineFacts> {
  const s = initialRunState();
  return {
    step: s.step,
    stepsPerSecond: s.stepsPerSecond,
    trainLoss: s.trainLoss,
    trainAccuracy: s.trainAccuracy,
    testLoss: s.testLoss,
    testAccuracy: s.testAccuracy,
    testImages: s.testImages,
    memory: s.memory,
    terms: s.terms,
    layerStats: s.layerStats,
    layerSqnr: s.layerSqnr,
    layerOutliers: s.layerOutliers,
    layerSensitivity: s.layerSensitivity,
    sensitivityProgress: s.sensitivityProgress,
    layerStatsHistory: s.layerStatsHistory,
    techniqueHistory: s.techniqueHistory,
    layerHistograms: s.layerHistograms,
    histogram: s.histogram,
    ptq: s.ptq,
    ptqHistory: s.ptqHistory,
    ptqCurves: s.ptqCurves,
    weightTrace: s.weightTrace,
    bnReestimate: s.bnReestimate,
    error: s.error,
    stages: s.stages,
  };
}

const append = (s: Series, step: number, value: number): Series => ({
  step: [...s.step, step],
  value: [...s.value, value],
});

/** Pure reducer: the one place engine events change the run state. */
export function applyEvent(state: RunState, event: EngineEvent): RunState {
  switch (event.type) {
    case 'phase':
      return { ...state, phase: event.phase, message: event.message };
    case 'backend':
      return {
        ...state,
        backend: {
          name: event.backend,
          reason: event.reason,
          fastCpuKernels: event.fastCpuKernels,
          ...(event.untimed ? { untimed: event.untimed } : {}),
        },
      };
    case 'dataset':
      return { ...state, dataset: { trainCount: event.trainCount, testCount: event.testCount } };
    case 'train-metrics':
      return {
        ...state,
        step: event.step,
        stepsPerSecond: event.stepsPerSecond,
        trainLoss: append(state.trainLoss, event.step, event.loss),
        trainAccuracy: append(state.trainAccuracy, event.step, event.trainAccuracy),
        terms: appendTerms(state.terms, event.step, event.terms),
        memory: event.memory ? appendMemory(state.memory, event.step, event.memory) : state.memory,
      };
    case 'test-metrics':
      return {
        ...state,
        testLoss: append(state.testLoss, event.step, event.testLoss),
        testAccuracy: append(state.testAccuracy, event.step, event.testAccuracy),
        testImages: event.images ?? null,
      };
    case 'layer-stats':
      return {
        ...state,
        layerStats: event,
        layerStatsHistory: [...state.layerStatsHistory, event],
      };
    case 'ptq':
      return { ...state, ...addPtqSweep(state, event, state.recipe) };
    case 'weight-trace':
      return { ...state, weightTrace: appendTrace(state.weightTrace, event) };
    case 'histogram':
      return { ...state, histogram: event };
    case 'layer-histograms':
      return { ...state, layerHistograms: addSnapshot(state.layerHistograms, event) };
    case 'layer-sqnr':
      return { ...state, layerSqnr: event };
    case 'layer-outliers':
      return { ...state, layerOutliers: event };
    case 'layer-sensitivity':
      return { ...state, layerSensitivity: event, sensitivityProgress: null };
    case 'sensitivity-progress': {
      const { done, total, images } = event;
      return { ...state, sensitivityProgress: { done, total, images } };
    }
    case 'bn-reestimated':
      return { ...state, bnReestimate: event };
    case 'technique-metrics':
      return { ...state, techniqueHistory: appendTechnique(state.techniqueHistory, event) };
    case 'error': {
      const error = { kind: event.kind, message: event.message, step: event.step };
      return { ...state, error, sensitivityProgress: null };
    }
    case 'stage':
      return { ...state, stages: [...state.stages, event] };
    case 'weights':
      return state; // a download: the bridge hands it to onWeights, it never reaches the run
  }
}

function appendMemory(
  memory: MemoryHistory,
  step: number,
  { numTensors, numBytes }: { numTensors: number; numBytes: number },
): MemoryHistory {
  return {
    step: [...memory.step, step],
    numTensors: [...memory.numTensors, numTensors],
    numBytes: [...memory.numBytes, numBytes],
  };
}

function appendTerms(
  terms: RunState['terms'],
  step: number,
  values: Partial<Record<LossTerm, number>>,
): RunState['terms'] {
  const next = { ...terms };
  for (const name of LOSS_TERMS) {
    const value = values[name];
    if (value !== undefined) next[name] = append(next[name] ?? emptySeries(), step, value);
  }
  return next;
}

/** The history with one more event of its technique. */
function appendTechnique<Id extends ReportingTechniqueId>(
  histories: TechniqueHistories,
  event: TechniqueEvent<Id>,
): TechniqueHistories {
  const id: Id = event.technique;
  const history: readonly TechniqueEvent<Id>[] = histories[id] ?? [];
  return { ...histories, [id]: [...history, event] };
}

/** Append a trace chunk; a chunk of another layer starts the trace afresh. */
function appendTrace(
  trace: WeightTraceState | null,
  chunk: EventOf<'weight-trace'>,
): WeightTraceState {
  const same = trace && trace.layer === chunk.layer;
  const steps = [...(same ? trace.steps : []), ...chunk.steps];
  const values = [...(same ? trace.values : []), ...chunk.values];
  const drop = Math.max(0, steps.length - WEIGHT_TRACE_ROWS);
  return {
    layer: chunk.layer,
    n: chunk.n,
    p: chunk.p,
    steps: steps.slice(drop),
    values: values.slice(drop),
  };
}
