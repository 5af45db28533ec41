import type {
  BackendName,
  EngineEvent,
  ErrorKind,
  RunPhase,
  TrainConfig,
} from '../engine/protocol';

/** Metric series as parallel arrays, ready for plotting. */
export interface Series {
  step: number[];
  value: number[];
}

/** Everything the UI knows about the engine, built only from engine events. */
export interface RunState {
  phase: RunPhase;
  message: string;
  backend: { name: BackendName; reason: string; fastCpuKernels: boolean } | null;
  dataset: { trainCount: number; testCount: number } | null;
  /** The recipe of the run the engine holds (null before the first start or after a reset). */
  config: TrainConfig | null;
  step: number;
  stepsPerSecond: number | null;
  trainLoss: Series;
  trainAccuracy: Series;
  testLoss: Series;
  testAccuracy: Series;
  /** Latest kernel statistics per weight layer. */
  layerStats: Extract<EngineEvent, { type: 'layer-stats' }> | null;
  /** Latest per-layer values of each technique, by technique id. */
  techniques: Record<string, Extract<EngineEvent, { type: 'technique-metrics' }>>;
  /** Latest weight histogram of the chosen layer on its grid. */
  histogram: Extract<EngineEvent, { type: 'histogram' }> | null;
  /** Latest PTQ sweep. */
  ptq: Extract<EngineEvent, { type: 'ptq' }> | null;
  /** Latest BN re-estimation (test accuracy before and after). */
  bnReestimate: Extract<EngineEvent, { type: 'bn-reestimated' }> | null;
  error: { kind: ErrorKind; message: string; step?: number } | null;
}

const emptySeries = (): Series => ({ step: [], value: [] });

export function initialRunState(): RunState {
  return {
    phase: 'idle',
    message: 'Preparing…',
    backend: null,
    dataset: null,
    config: null,
    step: 0,
    stepsPerSecond: null,
    trainLoss: emptySeries(),
    trainAccuracy: emptySeries(),
    testLoss: emptySeries(),
    testAccuracy: emptySeries(),
    layerStats: null,
    techniques: {},
    histogram: null,
    ptq: null,
    bnReestimate: null,
    error: null,
  };
}

/** The parts of the run state that describe the engine rather than one run's metrics. */
type EngineFacts = 'phase' | 'message' | 'backend' | 'dataset' | 'config';

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
    layerStats: s.layerStats,
    techniques: s.techniques,
    histogram: s.histogram,
    ptq: s.ptq,
    bnReestimate: s.bnReestimate,
    error: s.error,
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
      };
    case 'test-metrics':
      return {
        ...state,
        testLoss: append(state.testLoss, event.step, event.testLoss),
        testAccuracy: append(state.testAccuracy, event.step, event.testAccuracy),
      };
    case 'layer-stats':
      return { ...state, layerStats: event };
    case 'ptq':
      return { ...state, ptq: event };
    case 'histogram':
      return { ...state, histogram: event };
    case 'bn-reestimated':
      return { ...state, bnReestimate: event };
    case 'technique-metrics':
      return { ...state, techniques: { ...state.techniques, [event.technique]: event } };
    case 'error':
      return { ...state, error: { kind: event.kind, message: event.message, step: event.step } };
  }
}
