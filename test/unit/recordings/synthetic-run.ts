/** A synthetic engine event stream for the recording tests: long enough to be thinned. */
import type { EngineEvent } from '../../../src/engine/protocol';
import { findPreset, presetRecipe } from '../../../src/settings/presets';
import { defaultRecipe, type Recipe } from '../../../src/settings/schema';
import {
  RECORDING_BACKEND,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type Recording,
} from '../../../src/store/recordings/recording-format';
import { thinEvents, thinRule } from '../../../src/store/recordings/thin';
import { ptqEvent } from '../../helpers/ptq-event';
import { techniqueEvent } from '../../helpers/technique-event';

/**
 * 3005 steps, metrics every 10, tests every 100: the thinning keeps every 30th step's metrics,
 * every 300th step's histogram and the weight trace after step 2605.
 */
export const SYNTHETIC_RECIPE: Recipe = {
  ...defaultRecipe(),
  steps: 3005,
  metricsEvery: 10,
  evalEvery: 100,
  pretrainSteps: 0,
};

/** The events of one metrics read after `step` (with the steps since `from`). */
function metricsRead(step: number, from: number): EngineEvent[] {
  const traceSteps = Array.from({ length: step - from }, (_, i) => from + i + 1);
  return [
    {
      type: 'train-metrics',
      step,
      loss: 1 / (1 + step) + 0.123456789,
      terms: { task: 1 / (1 + step) + 0.123456789 },
      trainAccuracy: step / 4000,
      stepsPerSecond: 12.3456,
      memory: { numTensors: 47, numBytes: 31578344 },
    },
    {
      type: 'layer-stats',
      step,
      layers: [{ name: 'conv1', kind: 'conv2d', kurtosis: 3.14159265, maxAbs: 1.5, std: 0.25 }],
    },
    techniqueEvent('qat', step, [['conv1', { weightStep: 0.0123456 }]]),
    {
      type: 'weight-trace',
      step,
      layer: 'conv1',
      n: -4,
      p: 3,
      steps: traceSteps,
      values: traceSteps.map((s) => [s % 2, -1]),
    },
  ];
}

/** An evaluation after `step`: test metrics, then the weight histogram. */
const evaluation = (step: number): EngineEvent[] => [
  { type: 'test-metrics', step, testAccuracy: 0.5 + step / 10000, testLoss: 2 / (1 + step) },
  {
    type: 'histogram',
    step,
    layer: 'conv1',
    bits: 3,
    n: -4,
    p: 3,
    latentCounts: [1, 2, 3, 4, 5, 6, 7, 8],
    quantizedCounts: [1, 2, 3, 4, 5, 6, 7, 8],
    clippedBelow: 0,
    clippedAbove: 0,
    scale: 0.0123456,
    zeroPoint: 0,
    grid: 'learned',
  },
];

/** The whole run's events, as the engine sends them, up to run step `end` (default: all). */
export function syntheticEvents(end = SYNTHETIC_RECIPE.steps): EngineEvent[] {
  const events: EngineEvent[] = [
    { type: 'phase', phase: 'loading', message: 'Loading' },
    { type: 'backend', backend: 'cpu', reason: '', fastCpuKernels: true },
    { type: 'dataset', dataset: 'mnist', trainCount: 8000, testCount: 2000 },
    ...evaluation(0),
    { type: 'phase', phase: 'running', message: 'Training' },
  ];
  for (let step = 10; step <= end; step += 10) {
    events.push(...metricsRead(step, step - 10));
    if (step % 100 === 0) events.push(...evaluation(step));
  }
  if (end % 10 !== 0) events.push(...metricsRead(end, end - (end % 10)), ...evaluation(end));
  events.push(
    ptqEvent(end, {}, [[2, 0.31234567]]),
    { type: 'bn-reestimated', step: end, batches: 20, before: 0.91234, after: 0.95678 },
    { type: 'phase', phase: 'finished', message: 'Done' },
  );
  return events;
}

/** A recording of the synthetic run as the script writes it. */
export function sampleRecording(): Recording {
  const recipe = presetRecipe(findPreset('baseline')!);
  const rule = thinRule(recipe);
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    header: {
      presetId: 'baseline',
      seed: recipe.seed,
      backend: RECORDING_BACKEND,
      steps: 3005,
      fullSteps: 400,
      recordedAt: '2026-01-02T03:04:05.000Z',
      query: 'v=1&steps=400',
      engineVersion: '0.1.0+abc1234',
      seconds: 12.5,
      thinning: rule,
    },
    name: 'Float baseline',
    recipe,
    events: thinEvents(syntheticEvents(), rule),
  };
}
