import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  decodeOscillationSummary,
  OSCILLATION_SUMMARY_FIELDS,
  oscillationSummary,
} from '../../../../src/core/oscillation/summary';
import { createOscillationTracker } from '../../../../src/core/oscillation/tracker';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

/** Elements a: 0,1,0 (1 flip); b: 0,1,2 (monotone); c: 1,0,1 (1 flip); d: 3,3,3 (constant). */
function scripted(thirdStepThreshold: number) {
  const tracker = createOscillationTracker({ momentum: 0.5 });
  const steps = [
    [0, 0, 1, 3],
    [1, 1, 0, 3],
    [0, 2, 1, 3],
  ];
  steps.forEach((v, i) =>
    tf.tidy(() => tracker.update(tf.tensor1d(v), i === 2 ? thirdStepThreshold : 0)),
  );
  return tracker;
}

describe('per-layer oscillation summary (methods.md 5.2, 6)', () => {
  it('mean f, share oscillating, share frozen, events this step, events in total', () => {
    // f = [0.5, 0, 0.5, 0] -> mean 0.25; f > 0.005 for a and c -> 0.5; nothing frozen;
    // 2 flips in step 3; 2 in total.
    const tracker = scripted(0);
    const v = tracker.summary();
    expect(v.shape).toEqual([OSCILLATION_SUMMARY_FIELDS.length]);
    expect(decodeOscillationSummary(v.dataSync())).toEqual({
      meanFrequency: 0.25,
      fractionOscillating: 0.5,
      fractionFrozen: 0,
      oscillationsThisStep: 2,
      totalOscillations: 2,
    });
    expect(v.dataSync()[5]).toBe(0); // nonFiniteCount
    // With threshold 0.6 no weight counts as oscillating.
    const high = oscillationSummary(tracker.state!, 0.6);
    expect(decodeOscillationSummary(high.dataSync()).fractionOscillating).toBe(0);
    tf.dispose([v, high]);
    tracker.dispose();
  });

  it('share frozen after freezing a and c (f = 0.5 > f_th = 0.4 at step 3)', () => {
    const tracker = scripted(0.4);
    const v = tracker.summary();
    expect(decodeOscillationSummary(v.dataSync()).fractionFrozen).toBe(0.5);
    v.dispose();
    tracker.dispose();
  });

  it('several layers stack into one read', () => {
    const a = scripted(0);
    const b = scripted(0.4);
    const stacked = tf.tidy(() => tf.stack([a.summary(), b.summary()]));
    const values = stacked.dataSync();
    const n = OSCILLATION_SUMMARY_FIELDS.length;
    expect(decodeOscillationSummary(values.slice(n, 2 * n)).fractionFrozen).toBe(0.5);
    stacked.dispose();
    a.dispose();
    b.dispose();
  });

  it('bad input: summary before an update, a bad threshold, a wrong-length vector', () => {
    const tracker = createOscillationTracker();
    expect(() => tracker.summary()).toThrowError(/before the first update/);
    tracker.dispose();
    const t = scripted(0);
    expect(() => t.summary(-1)).toThrowError(/threshold/);
    t.dispose();
    expect(() => decodeOscillationSummary([1, 2])).toThrowError(/6 values/);
    expect(() => decodeOscillationSummary([0, 0, 0, 0, Number.NaN, 0])).toThrowError(/finite/);
  });

  it('NaN integer weights surface as a QuantError at the cadence read', () => {
    // A NaN integer makes no oscillation event (NaN * dir != -1), so f stays finite; the
    // nonFiniteCount field is what reports it.
    const tracker = createOscillationTracker({ momentum: 0.5 });
    tf.tidy(() => tracker.update(tf.tensor1d([0, 1])));
    tf.tidy(() => tracker.update(tf.tensor1d([Number.NaN, 1])));
    const v = tracker.summary();
    expect(v.dataSync()[5]).toBe(1);
    expect(() => decodeOscillationSummary(v.dataSync())).toThrowError(/NaN or Inf/);
    v.dispose();
    tracker.dispose();
  });
});
