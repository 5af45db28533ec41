import { describe, expect, test } from 'vitest';
import {
  applyEvent,
  clearedMetrics,
  initialRunState,
  WEIGHT_TRACE_ROWS,
} from '../../src/store/run-state';
import { ptqEvent } from '../helpers/ptq-event';
import { isRunEvent } from '../../src/store/history/run-record';
import type { EngineEvent } from '../../src/engine/protocol';

describe('run state reducer', () => {
  test('appends train and test metrics to their series', () => {
    let s = initialRunState();
    s = applyEvent(s, { type: 'test-metrics', step: 0, testAccuracy: 0.1, testLoss: 2.3 });
    s = applyEvent(s, {
      type: 'train-metrics',
      step: 10,
      loss: 1.5,
      terms: {},
      trainAccuracy: 0.4,
      stepsPerSecond: 3,
    });
    s = applyEvent(s, {
      type: 'train-metrics',
      step: 20,
      loss: 1.0,
      terms: {},
      trainAccuracy: 0.6,
      stepsPerSecond: 4,
    });
    expect(s.trainLoss).toEqual({ step: [10, 20], value: [1.5, 1.0] });
    expect(s.trainAccuracy.value).toEqual([0.4, 0.6]);
    expect(s.testAccuracy).toEqual({ step: [0], value: [0.1] });
    expect(s.step).toBe(20);
    expect(s.stepsPerSecond).toBe(4);
  });

  test('keeps the tensor count and bytes of every train-metrics read that carries them', () => {
    const metrics = (step: number, memory?: { numTensors: number; numBytes: number }) => ({
      type: 'train-metrics' as const,
      step,
      loss: 1,
      terms: {},
      trainAccuracy: 0.5,
      stepsPerSecond: 1,
      ...(memory && { memory }),
    });
    let s = initialRunState();
    s = applyEvent(s, metrics(10, { numTensors: 120, numBytes: 4000 }));
    s = applyEvent(s, metrics(20)); // a run recorded before the field existed
    s = applyEvent(s, metrics(30, { numTensors: 121, numBytes: 4100 }));
    expect(s.memory).toEqual({ step: [10, 30], numTensors: [120, 121], numBytes: [4000, 4100] });
    expect(s.trainLoss.step).toEqual([10, 20, 30]);
    expect(clearedMetrics().memory).toEqual({ step: [], numTensors: [], numBytes: [] });
  });

  test('does not mutate the previous state', () => {
    const before = initialRunState();
    const after = applyEvent(before, {
      type: 'train-metrics',
      step: 1,
      loss: 1,
      terms: {},
      trainAccuracy: 0,
      stepsPerSecond: 1,
    });
    expect(before.trainLoss.step).toEqual([]);
    expect(after).not.toBe(before);
  });

  test('records backend, phase and errors', () => {
    let s = initialRunState();
    s = applyEvent(s, {
      type: 'backend',
      backend: 'webgl',
      reason: 'WebGPU unavailable',
      fastCpuKernels: false,
    });
    s = applyEvent(s, { type: 'error', kind: 'diverged', message: 'loss NaN at step 7', step: 7 });
    s = applyEvent(s, { type: 'phase', phase: 'failed', message: 'loss NaN at step 7' });
    expect(s.backend).toEqual({
      name: 'webgl',
      reason: 'WebGPU unavailable',
      fastCpuKernels: false,
    });
    expect(s.error).toEqual({ kind: 'diverged', message: 'loss NaN at step 7', step: 7 });
    expect(s.phase).toBe('failed');
  });

  test("a sensitivity measurement's progress shows until its result or an error, never recorded", () => {
    const progress = { type: 'sensitivity-progress', done: 2, total: 5, images: 500 } as const;
    const measuring = applyEvent(initialRunState(), progress);
    expect(measuring.sensitivityProgress).toEqual({ done: 2, total: 5, images: 500 });
    const result: EngineEvent = {
      type: 'layer-sensitivity',
      step: 3,
      bits: 4,
      images: 500,
      method: 'm',
      fpAccuracy: 0.9,
      allAccuracy: 0.8,
      layers: [],
    };
    expect(applyEvent(measuring, result)).toMatchObject({
      sensitivityProgress: null,
      layerSensitivity: result,
    });
    const failed = applyEvent(measuring, { type: 'error', kind: 'backend', message: 'lost' });
    expect(failed.sensitivityProgress).toBeNull();
    expect(isRunEvent(progress)).toBe(false);
  });

  test('keeps each loss term, layer statistic, technique report and PTQ sweep as a history', () => {
    let s = initialRunState();
    const metrics = (step: number, terms: Record<string, number>) =>
      applyEvent(s, {
        type: 'train-metrics',
        step,
        loss: 1,
        terms,
        trainAccuracy: 0.5,
        stepsPerSecond: 1,
      });
    s = metrics(5, { task: 2, kure: 0.5 });
    s = metrics(10, { task: 1, kure: 0.25 });
    expect(s.terms).toEqual({
      task: { step: [5, 10], value: [2, 1] },
      kure: { step: [5, 10], value: [0.5, 0.25] },
    });
    const layers = [{ name: 'conv1', kind: 'conv2d', kurtosis: 3, maxAbs: 1, std: 0.5 }];
    s = applyEvent(s, { type: 'layer-stats', step: 5, layers });
    s = applyEvent(s, { type: 'layer-stats', step: 10, layers });
    expect(s.layerStatsHistory.map((e) => e.step)).toEqual([5, 10]);
    const report = (step: number) =>
      applyEvent(s, { type: 'technique-metrics', step, technique: 'qat', layers: [] });
    s = report(5);
    s = report(10);
    expect(s.techniqueHistory.qat!.map((e) => e.step)).toEqual([5, 10]);
    expect(s.techniqueHistory.qat!.at(-1)!.step).toBe(10);
    s = applyEvent(s, ptqEvent(5));
    s = applyEvent(s, ptqEvent(10));
    expect(s.ptqHistory.map((e) => e.step)).toEqual([5, 10]);
  });

  test('the weight trace appends chunks, keeps the newest rows, and restarts for another layer', () => {
    let s = initialRunState();
    const chunk = (layer: string, from: number, count: number) => ({
      type: 'weight-trace' as const,
      step: from + count - 1,
      layer,
      n: -4,
      p: 3,
      steps: Array.from({ length: count }, (_, i) => from + i),
      values: Array.from({ length: count }, (_, i) => [i % 2, -1]),
    });
    s = applyEvent(s, chunk('conv2', 1, 3));
    s = applyEvent(s, chunk('conv2', 4, 2));
    expect(s.weightTrace).toMatchObject({ layer: 'conv2', n: -4, p: 3, steps: [1, 2, 3, 4, 5] });
    expect(s.weightTrace!.values).toEqual([
      [0, -1],
      [1, -1],
      [0, -1],
      [0, -1],
      [1, -1],
    ]);
    s = applyEvent(s, chunk('conv2', 6, WEIGHT_TRACE_ROWS));
    expect(s.weightTrace!.steps).toHaveLength(WEIGHT_TRACE_ROWS);
    expect(s.weightTrace!.steps[0]).toBe(6);
    s = applyEvent(s, chunk('dw1', 900, 1));
    expect(s.weightTrace).toMatchObject({ layer: 'dw1', steps: [900] });
  });
});
