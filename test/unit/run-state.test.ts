import { describe, expect, test } from 'vitest';
import { applyEvent, initialRunState } from '../../src/store/run-state';

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
});
