import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createOscillationTracker } from '../../../../src/core/oscillation/tracker';
import {
  disposeOscillationState,
  initOscillationState,
  stepOscillationState,
} from '../../../../src/core/oscillation/tracker-state';
import { QuantError } from '../../../../src/core/errors';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

interface Row {
  f: number;
  total: number;
  lastDir: number;
}

/** Feed one-weight integer values step by step (freezing off) and record f, count and lastDir. */
function trace(values: number[], momentum: number): Row[] {
  const tracker = createOscillationTracker({ momentum });
  const rows = values.map((v) => {
    tf.tidy(() => tracker.update(tf.tensor1d([v])));
    const s = tracker.state!;
    return {
      f: s.frequency.dataSync()[0]!,
      total: s.totalOscillations.dataSync()[0]!,
      lastDir: s.lastDir.dataSync()[0]!,
    };
  });
  tracker.dispose();
  return rows;
}

describe('oscillation tracking on scripted integer sequences (methods.md 5.2)', () => {
  it('constant: no change, no oscillation, f stays 0', () => {
    const rows = trace([2, 2, 2, 2], 0.5);
    expect(rows.map((r) => r.f)).toEqual([0, 0, 0, 0]);
    expect(rows.map((r) => r.total)).toEqual([0, 0, 0, 0]);
    expect(rows.map((r) => r.lastDir)).toEqual([0, 0, 0, 0]);
  });

  it('monotone: changes all in one direction never oscillate; rising gives dir -1', () => {
    // delta = round(prev - cur): 0->1->2->3 gives delta = -1 each step, dir = -1, no flip.
    const rows = trace([0, 1, 2, 3], 0.5);
    expect(rows.map((r) => r.f)).toEqual([0, 0, 0, 0]);
    expect(rows.map((r) => r.total)).toEqual([0, 0, 0, 0]);
    expect(rows.map((r) => r.lastDir)).toEqual([0, -1, -1, -1]);
  });

  it('alternating with m = 0.5: the flip counts and EMA written out', () => {
    // step 1 (init at 0):  delta 0,                     o = 0, f = 0
    // step 2 (1): delta = 0-1 = -1, dir -1, last 0    -> o = 0, f = 0.5*0 + 0.5*0     = 0
    // step 3 (0): delta = 1-0 = +1, dir +1, last -1   -> o = 1, f = 0.5*1 + 0.5*0     = 0.5
    // step 4 (1): delta = -1,       dir -1, last +1   -> o = 1, f = 0.5*1 + 0.5*0.5   = 0.75
    // step 5 (0): delta = +1,       dir +1, last -1   -> o = 1, f = 0.5*1 + 0.5*0.75  = 0.875
    const rows = trace([0, 1, 0, 1, 0], 0.5);
    expect(rows.map((r) => r.f)).toEqual([0, 0, 0.5, 0.75, 0.875]);
    expect(rows.map((r) => r.total)).toEqual([0, 0, 1, 2, 3]);
    expect(rows.map((r) => r.lastDir)).toEqual([0, -1, 1, -1, 1]);
  });

  it('alternating with the default m = 0.001', () => {
    // f3 = 0.001; f4 = 0.001 + 0.999*0.001 = 0.001999; f5 = 0.001 + 0.999*0.001999 = 0.002997001
    const rows = trace([0, 1, 0, 1, 0], 0.001);
    const expected = [0, 0, 0.001, 0.001999, 0.002997001];
    rows.forEach((r, i) => expect(r.f).toBeCloseTo(expected[i]!, 8));
    expect(rows.map((r) => r.total)).toEqual([0, 0, 1, 2, 3]);
  });

  it('a flip counts even when the changes are not on consecutive steps', () => {
    // 0 -> 1 (dir -1), hold 1, 1 (delta 0: last_dir stays -1, o = 0, f halves), 1 -> 0 (dir +1): o = 1
    const rows = trace([0, 1, 1, 1, 0], 0.5);
    expect(rows.map((r) => r.total)).toEqual([0, 0, 0, 0, 1]);
    expect(rows.map((r) => r.f)).toEqual([0, 0, 0, 0, 0.5]);
  });

  it('a jump of two levels is one change; its reversal is one oscillation', () => {
    // 0 -> 2: delta -2, dir -1; 2 -> 0: delta +2, dir +1 -> o = 1, f = 0.5
    const rows = trace([0, 2, 0], 0.5);
    expect(rows.map((r) => r.total)).toEqual([0, 0, 1]);
    expect(rows[2]!.f).toBe(0.5);
  });

  it('tracks every element of a tensor independently and counts events per step', () => {
    // element a: 0,1,0 (1 flip); b: 0,1,2 (monotone); c: 1,0,1 (1 flip); d: 3,3,3 (constant)
    const steps = [
      [0, 0, 1, 3],
      [1, 1, 0, 3],
      [0, 2, 1, 3],
    ];
    const tracker = createOscillationTracker({ momentum: 0.5 });
    const perStep = steps.map((v) => {
      tf.tidy(() => tracker.update(tf.tensor2d(v, [2, 2])));
      return tracker.state!.oscillationsThisStep.dataSync()[0];
    });
    expect(perStep).toEqual([0, 0, 2]);
    expect(Array.from(tracker.state!.frequency.dataSync())).toEqual([0.5, 0, 0.5, 0]);
    expect(Array.from(tracker.state!.totalOscillations.dataSync())).toEqual([1, 0, 1, 0]);
    expect(Array.from(tracker.state!.prevInt.dataSync())).toEqual([0, 2, 1, 3]);
    expect(tracker.state!.steps).toBe(3);
    tracker.dispose();
  });

  it('accepts int32 integer tensors', () => {
    const tracker = createOscillationTracker({ momentum: 0.5 });
    for (const v of [0, 1, 0]) tf.tidy(() => tracker.update(tf.tensor1d([v], 'int32')));
    expect(tracker.state!.frequency.dtype).toBe('float32');
    expect(tracker.state!.frequency.dataSync()[0]).toBe(0.5);
    tracker.dispose();
  });
});

describe('tracker resources', () => {
  it('keeps the tensor count flat across 1,000 steps (freezing on, weights freezing)', () => {
    const tracker = createOscillationTracker();
    const w = tf.tensor2d([0, 1, -1, 2, 3, -2], [2, 3]);
    const flip = tf.tensor2d([1, 1, 0, 2, 3, -1], [2, 3]);
    tracker.update(w, 0.05);
    const afterFirst = tf.memory().numTensors;
    for (let i = 0; i < 1000; i++) {
      tracker.update(i % 2 === 0 ? flip : w, 0.05);
      expect(tf.memory().numTensors).toBe(afterFirst);
    }
    // Elements 0, 2 and 5 flip each step: f passes 0.05 after ~53 flips and they freeze.
    const frozen = tf.tidy(() => tracker.state!.frozen.arraySync());
    expect(frozen).toEqual([
      [1, 0, 1],
      [0, 0, 1],
    ]);
    tracker.dispose();
    tf.dispose([w, flip]);
  });

  it('state survives an update made inside the caller tf.tidy', () => {
    const tracker = createOscillationTracker({ momentum: 0.5 });
    tf.tidy(() => tracker.update(tf.tensor1d([0])));
    tf.tidy(() => tracker.update(tf.tensor1d([1])));
    expect(tracker.state!.prevInt.isDisposed).toBe(false);
    expect(tracker.state!.prevInt.dataSync()[0]).toBe(1);
    tracker.dispose();
    expect(tracker.state).toBeNull();
  });

  it('the pure step leaves the old state intact', () => {
    const w0 = tf.tensor1d([0]);
    const w1 = tf.tensor1d([1]);
    const s0 = initOscillationState(w0);
    const opts = { momentum: 0.5, freezeThreshold: 0, useEmaInt: true };
    const s1 = stepOscillationState(s0, w1, opts);
    expect(s0.prevInt.dataSync()[0]).toBe(0);
    expect(s1.prevInt.dataSync()[0]).toBe(1);
    expect(s1.lastDir.dataSync()[0]).toBe(-1);
    disposeOscillationState(s0);
    disposeOscillationState(s1);
    tf.dispose([w0, w1]);
  });
});

describe('tracker bad input', () => {
  it('rejects a momentum outside (0, 1]', () => {
    expect(() => createOscillationTracker({ momentum: 0 })).toThrowError(/momentum/);
    expect(() => createOscillationTracker({ momentum: 1.5 })).toThrowError(/momentum/);
    expect(() => createOscillationTracker({ momentum: Number.NaN })).toThrowError(QuantError);
  });

  it('rejects a negative or non-finite threshold without leaking', () => {
    const tracker = createOscillationTracker();
    const w = tf.tensor1d([0, 1]);
    expect(() => tracker.update(w, -0.1)).toThrowError(/freezeThreshold/);
    expect(tracker.state).toBeNull();
    tracker.update(w);
    expect(() => tracker.update(w, Number.POSITIVE_INFINITY)).toThrowError(/freezeThreshold/);
    expect(tracker.state!.steps).toBe(1);
    tracker.dispose();
    w.dispose();
  });

  it('rejects a shape change, an empty tensor, and use after dispose', () => {
    const tracker = createOscillationTracker();
    const a = tf.tensor1d([0, 1]);
    const b = tf.tensor1d([0, 1, 2]);
    const empty = tf.tensor1d([]);
    expect(() => tracker.update(empty)).toThrowError(/empty/);
    tracker.update(a);
    expect(() => tracker.update(b)).toThrowError(/shape/);
    tracker.dispose();
    expect(() => tracker.update(a)).toThrowError(/dispose/);
    tf.dispose([a, b, empty]);
  });
});
