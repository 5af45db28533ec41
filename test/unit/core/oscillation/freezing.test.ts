import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyFreezing,
  maskFrozenGradient,
  shouldTrackOscillations,
  writeBackFrozen,
} from '../../../../src/core/oscillation/freezing';
import { createOscillationTracker } from '../../../../src/core/oscillation/tracker';
import { gradientErrors } from '../../../helpers/gradcheck';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

interface FreezeRow {
  x: number;
  f: number;
  frozen: number;
  frozenInt: number;
  ema: number | null;
}

/** Feed raw integers with a per-step threshold; record the value the forward would use, etc. */
function freezeTrace(values: number[], thresholds: number[], momentum: number): FreezeRow[] {
  const tracker = createOscillationTracker({ momentum });
  const rows = values.map((v, i) => {
    tf.tidy(() => tracker.update(tf.tensor1d([v]), thresholds[i]));
    const s = tracker.state!;
    return {
      x: s.prevInt.dataSync()[0]!,
      f: s.frequency.dataSync()[0]!,
      frozen: s.frozen.dataSync()[0]!,
      frozenInt: s.frozenInt.dataSync()[0]!,
      ema: s.emaInt === null ? null : s.emaInt.dataSync()[0]!,
    };
  });
  tracker.dispose();
  return rows;
}

describe('iterative freezing (methods.md 5.4)', () => {
  it('alternating then frozen (m = 0.5): frozen at round(ema_int), then never changes', () => {
    // Steps 1-5 with freezing off: 0,1,0,1,0 gives f = 0, 0, 0.5, 0.75, 0.875 (tracker test).
    // Step 6 (raw 1), f_th = 0.5 turns on: ema_int starts at this step's w_int = 1;
    //   f = 0.5*1 + 0.5*0.875 = 0.9375 > 0.5 -> frozen, frozen_int = round(ema_int before) = 1;
    //   ema_int = 0.5*1 + 0.5*1 = 1.
    // Step 7 (raw 0): forward uses frozen 1; delta = round(1 - 1) = 0 -> o = 0, f = 0.46875 < 0.5,
    //   so frozen_int is no longer re-read. Steps 8..: f halves each step; w_int stays 1.
    const raw = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    const th = raw.map((_, i) => (i < 5 ? 0 : 0.5));
    const rows = freezeTrace(raw, th, 0.5);
    expect(rows[4]).toEqual({ x: 0, f: 0.875, frozen: 0, frozenInt: 0, ema: null });
    expect(rows[5]).toEqual({ x: 1, f: 0.9375, frozen: 1, frozenInt: 1, ema: 1 });
    expect(rows[6]).toEqual({ x: 1, f: 0.46875, frozen: 1, frozenInt: 1, ema: 1 });
    expect(rows[7]!.f).toBe(0.234375);
    for (const r of rows.slice(5)) {
      expect(r.x).toBe(1);
      expect(r.frozen).toBe(1);
    }
  });

  it('stays frozen after the threshold drops back to 0 (flag never cleared)', () => {
    const raw = [0, 1, 0, 1, 0, 1, 0, 1];
    const th = [0, 0, 0, 0, 0, 0.5, 0, 0];
    const rows = freezeTrace(raw, th, 0.5);
    expect(rows.slice(5).map((r) => [r.x, r.frozen])).toEqual([
      [1, 1],
      [1, 1],
      [1, 1],
    ]);
  });

  it('default m = 0.001: frozen at round(ema_int) = 0 with ema_int a fraction', () => {
    // Freezing on from step 1 with f_th = 0.002; ema_int starts at 0.
    // f: 0, 0, 0.001, 0.001999, 0.002997001 -> step 5 is the first with f > 0.002.
    // ema_int after steps 1..4: 0; 0.001*1 = 0.001; 0.999*0.001 = 0.000999;
    //   0.001 + 0.999*0.000999 = 0.001998001. Step 5: frozen_int = round(0.001998001) = 0.
    // Afterwards raw alternates 1, 0, ... but the forward holds 0: delta = 0, f decays by 0.999.
    const raw = [0, 1, 0, 1, 0, 1, 0, 1, 0, 1];
    const rows = freezeTrace(raw, Array(raw.length).fill(0.002), 0.001);
    expect(rows.slice(0, 4).map((r) => r.frozen)).toEqual([0, 0, 0, 0]);
    expect(rows[3]!.ema).toBeCloseTo(0.001998001, 8);
    expect(rows[4]!.frozen).toBe(1);
    expect(rows[4]!.frozenInt).toBe(0);
    expect(rows[5]!.f).toBeCloseTo(0.999 * 0.002997001, 8);
    for (const r of rows.slice(4)) expect(r.x).toBe(0);
  });

  it('official quirk with m too large (m = 0.5, f_th = 0.7 from step 1): frozen_int is re-read', () => {
    // ema_int: 0, 0.5, 0.25; step 4 (raw 1): f = 0.75 > 0.7 -> frozen_int = round(0.25) = 0,
    // ema_int = 0.5*1 + 0.5*0.25 = 0.625. Step 5: forward holds 0, but f = 0.875 is still hot,
    // so frozen_int = round(0.625) = 1: it keeps flipping while f > f_th (why m << f_th).
    const rows = freezeTrace([0, 1, 0, 1, 0], [0.7, 0.7, 0.7, 0.7, 0.7], 0.5);
    expect(rows.map((r) => r.ema)).toEqual([0, 0.5, 0.25, 0.625, 0.3125]);
    expect(rows.map((r) => r.frozenInt)).toEqual([0, 0, 0, 0, 1]);
    expect(rows.map((r) => r.frozen)).toEqual([0, 0, 0, 1, 1]);
  });

  it('useEmaInt = false freezes at the current integer', () => {
    const tracker = createOscillationTracker({ momentum: 0.5, useEmaInt: false });
    for (const v of [0, 1, 0, 1]) tf.tidy(() => tracker.update(tf.tensor1d([v]), 0.7));
    // step 4: f = 0.75 > 0.7, frozen at this step's w_int = 1; no ema_int is kept.
    expect(tracker.state!.frozenInt.dataSync()[0]).toBe(1);
    expect(tracker.state!.emaInt).toBeNull();
    tracker.dispose();
  });

  it('only elements above the threshold freeze', () => {
    const tracker = createOscillationTracker({ momentum: 0.5 });
    const seq = [
      [0, 5],
      [1, 5],
      [0, 6],
      [1, 7],
    ];
    for (const v of seq) tf.tidy(() => tracker.update(tf.tensor1d(v), 0.6));
    expect(Array.from(tracker.state!.frozen.dataSync())).toEqual([1, 0]);
    tracker.dispose();
  });
});

describe('freezing helpers', () => {
  it('applyFreezing: (1 - frozen)*w_int + frozen*frozen_int, gradient 1 - frozen', () => {
    const wInt = tf.tensor1d([2, -1, 3]);
    const frozen = tf.tensor1d([0, 1, 0]);
    const frozenInt = tf.tensor1d([0, 4, 0]);
    const out = applyFreezing(wInt, { frozen, frozenInt });
    expect(Array.from(out.dataSync())).toEqual([2, 4, 3]);
    const g = tf.grad((x: tf.Tensor) => tf.sum(applyFreezing(x, { frozen, frozenInt })))(wInt);
    expect(Array.from(g.dataSync())).toEqual([1, 0, 1]);
    const copy = applyFreezing(wInt, null);
    expect(copy).not.toBe(wInt);
    expect(Array.from(copy.dataSync())).toEqual([2, -1, 3]);
    tf.dispose([wInt, frozen, frozenInt, out, g, copy]);
  });

  it('applyFreezing passes a finite-difference check', () => {
    const frozen = tf.tensor1d([1, 0]);
    const frozenInt = tf.tensor1d([3, 0]);
    const x = tf.tensor1d([0.3, -1.2]);
    const [err] = gradientErrors(
      (v) => tf.sum(tf.square(applyFreezing(v, { frozen, frozenInt }))),
      [x],
    );
    expect(err).toBeLessThan(1e-2);
    tf.dispose([frozen, frozenInt, x]);
  });

  it('in an STE forward, frozen entries get no task gradient and s still does', () => {
    // Test-local STE round (the lab's quantizer lives elsewhere): identity gradient.
    const roundSte = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
      const x = args[0] as tf.Tensor;
      return { value: tf.round(x), gradFunc: (dy: tf.Tensor) => dy };
    });
    const frozen = tf.tensor1d([0, 1]);
    const frozenInt = tf.tensor1d([0, 2]);
    const w = tf.tensor1d([0.6, -0.7]);
    const s = tf.scalar(0.5);
    // w_q = s * applyFreezing(round_ste(w/s)) = 0.5 * [1, 2] = [0.5, 1]; L = sum(w_q * [3, 5])
    // dL/dw = [3 * s * (1/s), 0] = [3, 0]; dL/ds = 3 * (w_int - w/s) + 5 * 2 = 3*(1 - 1.2) + 10 = 9.4
    const c = tf.tensor1d([3, 5]);
    const [gw, gs] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(tf.mul(b, applyFreezing(roundSte(tf.div(a, b)), { frozen, frozenInt })), c)),
    )([w, s]);
    expect(gw!.dataSync()[0]).toBeCloseTo(3, 5);
    expect(gw!.dataSync()[1]).toBe(0);
    expect(gs!.dataSync()[0]).toBeCloseTo(9.4, 5);
    tf.dispose([frozen, frozenInt, w, s, c, gw!, gs!]);
  });

  it('maskFrozenGradient zeroes frozen entries', () => {
    const g = tf.tensor1d([0.5, -2, 3]);
    const frozen = tf.tensor1d([1, 0, 1]);
    const out = maskFrozenGradient(g, frozen);
    expect(Array.from(out.dataSync())).toEqual([0, -2, 0]);
    tf.dispose([g, frozen, out]);
  });

  it('writeBackFrozen puts frozen latent weights on s * frozen_int (per-channel s)', () => {
    // w [2, 2], s per output channel (last axis) = [0.5, 0.25].
    // frozen (0,1): 0.25 * 3 = 0.75; frozen (1,0): 0.5 * -2 = -1; others keep w.
    const w = tf.tensor2d([0.1, 0.2, 0.3, 0.4], [2, 2]);
    const s = tf.tensor1d([0.5, 0.25]);
    const frozen = tf.tensor2d([0, 1, 1, 0], [2, 2]);
    const frozenInt = tf.tensor2d([0, 3, -2, 0], [2, 2]);
    const out = writeBackFrozen(w, s, { frozen, frozenInt });
    const v = out.dataSync();
    [0.1, 0.75, -1, 0.4].forEach((e, i) => expect(v[i]).toBeCloseTo(e, 6));
    tf.dispose([w, s, frozen, frozenInt, out]);
  });

  it('shape mismatches are QuantErrors', () => {
    const a = tf.tensor1d([1, 2]);
    const b = tf.tensor1d([1, 2, 3]);
    expect(() => applyFreezing(a, { frozen: b, frozenInt: b })).toThrowError(/shape/);
    expect(() => maskFrozenGradient(a, b)).toThrowError(/shape/);
    tf.dispose([a, b]);
  });

  it('tracks only weights of at most 4 bits; bad widths throw', () => {
    expect([2, 3, 4, 5, 8].map((b) => shouldTrackOscillations(b))).toEqual([
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(() => shouldTrackOscillations(1)).toThrowError(/bits/);
    expect(() => shouldTrackOscillations(3.5)).toThrowError(/bits/);
  });
});
