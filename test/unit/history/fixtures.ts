// A hand-built engine event stream of one run, and a stand-in for the store's run slice, shared
// by the recorder, run file and history tests (not a test file itself).
import type { EngineEvent } from '../../../src/engine/protocol';
import { ptqQuantizerOf } from '../../../src/settings/ptq-quantizer';
import { defaultRecipe, type Recipe } from '../../../src/settings/schema';
import type { RunRecord } from '../../../src/store/history/run-record';
import {
  applyEvent,
  clearedMetrics,
  initialRunState,
  type RunState,
} from '../../../src/store/run-state';

/** A KURE recipe. */
export const RECIPE: Recipe = { ...defaultRecipe(), kure: 'on', steps: 40, metricsEvery: 10 };

/** What a probe emits before Start: the engine facts a run inherits. */
export const PROBE: EngineEvent[] = [
  { type: 'backend', backend: 'cpu', reason: 'WebGPU unavailable', fastCpuKernels: true },
  { type: 'dataset', dataset: 'mnist', trainCount: 1000, testCount: 200 },
  { type: 'phase', phase: 'idle', message: 'Ready to train.' },
];

const layers = (step: number) => [
  { name: 'conv1', kind: 'conv2d', kurtosis: 3 + step / 100, maxAbs: 0.5, std: 0.1 },
  { name: 'dense', kind: 'dense', kurtosis: 2.5, maxAbs: -0, std: 0.05 },
];

/** One metrics read after `step` steps: train metrics, layer stats, technique report, histogram. */
function read(step: number): EngineEvent[] {
  return [
    {
      type: 'train-metrics',
      step,
      loss: 2 / step,
      terms: { task: 1.9 / step, kure: 0.1 / step },
      trainAccuracy: step / 50,
      stepsPerSecond: 12.5,
      learningRate: 0.003,
    },
    { type: 'layer-stats', step, layers: layers(step) },
    {
      type: 'technique-metrics',
      step,
      technique: 'oscillation',
      layers: [{ name: 'conv1', values: { frequency: 2 + 1 / step } }],
    },
    {
      type: 'histogram',
      step,
      layer: 'conv1',
      bits: 4,
      n: -8,
      p: 7,
      latentCounts: [0, step, 3, 1],
      quantizedCounts: [1, 2, step],
      clippedBelow: 0,
      clippedAbove: 1,
      scale: 0.01,
      zeroPoint: -0,
      grid: 'ptq',
    },
    {
      type: 'weight-trace',
      step,
      layer: 'conv1',
      n: -8,
      p: 7,
      steps: [step - 1, step],
      values: [
        [1, -2],
        [2, -2],
      ],
    },
  ];
}

/** The events of a whole run after Start: loading, baseline, four reads, evaluations, a PTQ sweep. */
export function runEvents(): EngineEvent[] {
  return [
    { type: 'phase', phase: 'loading', message: 'Loading backend and data…' },
    { type: 'test-metrics', step: 0, testAccuracy: 0.1, testLoss: 2.3 },
    { type: 'phase', phase: 'running', message: 'Training…' },
    ...read(10),
    ...read(20),
    { type: 'test-metrics', step: 20, testAccuracy: 0.61, testLoss: 1.2 },
    ...read(30),
    ...read(40),
    { type: 'test-metrics', step: 40, testAccuracy: 0.875, testLoss: 0.5 },
    {
      type: 'ptq',
      step: 40,
      method: 'per-channel symmetric, min-max range, BN folded',
      fpAccuracy: 0.875,
      points: [
        { bits: 4, label: 'W4A32', accuracy: 0.8, loss: 0.7 },
        { bits: 2, label: 'W2A32', accuracy: 0.2, loss: 2.1 },
      ],
      quantizer: ptqQuantizerOf(RECIPE),
      images: 2000,
    },
    { type: 'phase', phase: 'finished', message: 'Finished 40 steps.' },
    { type: 'bn-reestimated', step: 40, batches: 4, before: 0.8, after: 0.85 },
  ];
}

/** The store's run slice, driven as the bridge drives it (beginRun, clearRun, applyEngineEvent). */
export class FakeStore {
  run: RunState = initialRunState();
  beginRun(recipe: Recipe): void {
    this.run = { ...this.run, ...clearedMetrics(), recipe };
  }
  clearRun(): void {
    this.run = { ...this.run, ...clearedMetrics(), recipe: null };
  }
  apply(event: EngineEvent): void {
    this.run = applyEvent(this.run, event);
  }
}

/** A stored run built by hand (probe facts, then the whole run). */
export function sampleRecord(id = 'run-1', createdAt = 1_700_000_000_000): RunRecord {
  return {
    id,
    name: 'KURE, "quoted", run',
    createdAt,
    recipe: RECIPE,
    events: [...PROBE.slice(0, 2), ...runEvents()],
  };
}
