import type { TrainWindow } from '../../src/engine/training/accumulators';
import type { TrainingSession } from '../../src/engine/training/session';

/**
 * A training session with no model: `step` only counts, and each read returns what
 * `readTrainWindow` makes of the step count. For tests of the run loop's cadences.
 */
export function fakeSession(
  readTrainWindow: (stepCount: number) => TrainWindow,
  hooks: { onStep?: () => void; restoreTo?: number } = {},
): TrainingSession {
  let stepCount = 0;
  return {
    get stepCount() {
      return stepCount;
    },
    learningRate: 0.001,
    step: () => {
      stepCount++;
      hooks.onStep?.();
    },
    restoreLastGood: () => (stepCount = hooks.restoreTo ?? stepCount),
    weightTrace: async () => null,
    readTrainWindow: async () => readTrainWindow(stepCount),
    evaluate: async (limit = 2000) => ({ accuracy: 0.5, loss: 1, examples: limit }),
    layerStats: async () => [],
    layerInspection: async () => ({ sqnr: [], outliers: [] }),
    histograms: async () => ({
      chosen: 0,
      layers: [
        {
          layer: 'conv1',
          bits: 4,
          n: -8,
          p: 7,
          latentCounts: [],
          quantizedCounts: [],
          clippedBelow: 0,
          clippedAbove: 0,
          scale: 1,
          zeroPoint: 0,
          grid: 'ptq',
        },
      ],
    }),
    ptqSweep: async () => [],
    layerSensitivity: async (_bits, _limit, onPass) => {
      onPass?.(1);
      return { layers: [{ name: 'conv1', accuracy: 0.4 }], allAccuracy: 0.3 };
    },
    techniqueReports: async () => [],
    reestimateBatchNorm: async () => ({
      batches: 0,
      before: { accuracy: 0.5, loss: 1, examples: 2000 },
      after: { accuracy: 0.5, loss: 1, examples: 2000 },
    }),
    dispose: () => {},
  };
}

/** A finite window of `steps` steps. */
export function finiteWindow(steps = 1): TrainWindow {
  return { steps, loss: 1, terms: {}, accuracy: 0.5, nonFinite: null };
}
