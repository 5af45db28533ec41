import * as tf from '@tensorflow/tfjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dampeningLoss } from '../../../../src/core/oscillation/dampening';
import { stopGradient } from '../../../../src/core/autodiff';
import { intGrid } from '../../../../src/core/quant/grid';
import { gradientErrors } from '../../../helpers/gradcheck';

let before = 0;
beforeEach(() => {
  before = tf.memory().numTensors;
});
afterEach(() => {
  expect(tf.memory().numTensors).toBe(before);
});

const close = (t: tf.Tensor, expected: number[], digits = 6): void => {
  const v = t.dataSync();
  expect(v.length).toBe(expected.length);
  expected.forEach((e, i) => expect(v[i]).toBeCloseTo(e, digits));
};

// Shared case: dense kernel [in = 2, out = 2], s = 0.5, b = 3 signed-full grid n = -4, p = 3,
// so the range is [s*n, s*p] = [-2, 1.5].
// w      = [ 0.3, -0.8,  1.9, -2.6]
// w/s    = [ 0.6, -1.6,  3.8, -5.2] -> round [1, -2, 4, -5] -> clamp [1, -2, 3, -4]
// target = s*w_int = [0.5, -1, 1.5, -2];  clip(w, -2, 1.5) = [0.3, -0.8, 1.5, -2]
// target - clip = [0.2, -0.2, 0, 0];  squared = [0.04, 0.04, 0, 0]
const W = [0.3, -0.8, 1.9, -2.6];
const grid3 = intGrid(3, 'signed-full');

describe('stopGradient (PyTorch detach via tf.customGrad)', () => {
  it('is the identity forward and passes zero gradient', () => {
    const x = tf.tensor1d([0.3, -1.2]);
    const y = stopGradient(x);
    close(y, [0.3, -1.2]);
    // d/dx sum(sg(2x) * x) = sg(2x) = 2x: only the second factor carries gradient.
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(stopGradient(tf.mul(v, 2)), v)))(x);
    close(g, [0.6, -2.4]);
    tf.dispose([x, y, g]);
  });
});

describe('dampening loss values (methods.md 5.3)', () => {
  it('sum / mean / kernel_mean on a dense kernel', () => {
    const w = tf.tensor2d(W, [2, 2]);
    const s = tf.scalar(0.5);
    const at = (aggregation: 'sum' | 'mean' | 'kernel_mean') =>
      tf.tidy(() => dampeningLoss(w, s, { grid: grid3, aggregation }).dataSync()[0]!);
    expect(at('sum')).toBeCloseTo(0.08, 6); // 0.04 + 0.04 + 0 + 0
    expect(at('mean')).toBeCloseTo(0.02, 6); // 0.08 / 4
    // kernel_mean: sum over out (last axis): rows [0.08, 0] -> mean 0.04
    expect(at('kernel_mean')).toBeCloseTo(0.04, 6);
    expect(tf.tidy(() => dampeningLoss(w, s, { grid: grid3 }).dataSync()[0])).toBeCloseTo(0.04, 6);
    tf.dispose([w, s]);
  });

  it('kernel_mean sums over the LAST axis (output channels) of a non-square kernel', () => {
    // [in = 3, out = 2]: rows 1-2 as above, row 3 = [0.05, 0.12]:
    // 0.05/0.5 = 0.1 -> 0 -> target 0, diff -0.05 -> 0.0025; 0.12/0.5 = 0.24 -> 0, diff -0.12 -> 0.0144
    // row sums over out: [0.08, 0, 0.0169] -> mean 0.0969/3 = 0.0323
    // (summing over axis 0 instead, PyTorch's layout, would give 0.0969/2 = 0.04845)
    const w = tf.tensor2d([...W, 0.05, 0.12], [3, 2]);
    const s = tf.scalar(0.5);
    const loss = dampeningLoss(w, s, { grid: grid3 });
    close(loss, [0.0323]);
    tf.dispose([w, s, loss]);
  });

  it('kernel_mean on a depthwise kernel sums over axes 2 and 3', () => {
    // [kh = 1, kw = 2, in = 2, mult = 1], values in the order above: squared [0.04, 0.04, 0, 0]
    // depthwise: sum over (in, mult) -> [0.08, 0] over kw -> mean 0.04
    // as a normal conv it would sum over mult only -> mean of [0.04, 0.04, 0, 0] = 0.02
    const w = tf.tensor4d(W, [1, 2, 2, 1]);
    const s = tf.scalar(0.5);
    const dw = dampeningLoss(w, s, { grid: grid3, depthwise: true });
    const conv = dampeningLoss(w, s, { grid: grid3 });
    close(dw, [0.04]);
    close(conv, [0.02]);
    tf.dispose([w, s, dw, conv]);
  });

  it('per-channel scales with two very different channels (b = 2)', () => {
    // grid b = 2 signed-full: n = -2, p = 1. s = [0.5, 0.1] along the last axis.
    // channel 0 (s 0.5, range [-1, 0.5]): 0.3 -> round 0.6 = 1 -> 0.5, diff 0.2;
    //                                    -0.8 -> round -1.6 = -2 -> -1, diff -0.2
    // channel 1 (s 0.1, range [-0.2, 0.1]): 0.07 -> round 0.7 = 1 -> 0.1, diff 0.03;
    //                                    -0.34 -> round -3.4 = -3 -> clamp -2 -> -0.2, clip -0.2, diff 0
    // sum = 0.04 + 0.0009 + 0.04 + 0 = 0.0809
    const w = tf.tensor2d([0.3, 0.07, -0.8, -0.34], [2, 2]);
    const s = tf.tensor1d([0.5, 0.1]);
    const loss = dampeningLoss(w, s, { grid: intGrid(2, 'signed-full'), aggregation: 'sum' });
    close(loss, [0.0809]);
    tf.dispose([w, s, loss]);
  });

  it('frozen entries are pulled to s * frozen_int', () => {
    // frozen [1, 0, 0, 1], frozen_int [-1, _, _, 2] -> target [-0.5, -1, 1.5, 1]
    // clip = [0.3, -0.8, 1.5, -2] -> diff [-0.8, -0.2, 0, 3] -> sum 0.64 + 0.04 + 0 + 9 = 9.68
    const w = tf.tensor1d(W);
    const s = tf.scalar(0.5);
    const frozen = tf.tensor1d([1, 0, 0, 1]);
    const frozenInt = tf.tensor1d([-1, 0, 0, 2]);
    const freezing = { frozen, frozenInt };
    const loss = dampeningLoss(w, s, { grid: grid3, aggregation: 'sum', freezing });
    close(loss, [9.68], 4);
    tf.dispose([w, s, frozen, frozenInt, loss]);
  });
});

describe('dampening loss gradients', () => {
  it('dL/dw = -2 (s*w_int - w) inside the range, 0 when clipped; dL/ds = 0', () => {
    // sum: [-2*0.2, -2*(-0.2), 0, 0] = [-0.4, 0.4, 0, 0]; kernel_mean divides by 2 rows; mean by 4.
    const w = tf.tensor2d(W, [2, 2]);
    const s = tf.scalar(0.5);
    const cases: ['sum' | 'mean' | 'kernel_mean', number][] = [
      ['sum', 1],
      ['kernel_mean', 0.5],
      ['mean', 0.25],
    ];
    for (const [aggregation, k] of cases) {
      const [gw, gs] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        dampeningLoss(a, b, { grid: grid3, aggregation }),
      )([w, s]);
      close(gw!, [-0.4 * k, 0.4 * k, 0, 0]);
      close(gs!, [0]);
      tf.dispose([gw!, gs!]);
    }
    tf.dispose([w, s]);
  });

  it('without the stop-gradient s would get sum 2(target - clip) * w_int = 0.4*1 + (-0.4)*(-2) = 1.2', () => {
    // Shows what the detach removes: the target's own dependence on s (target = s * w_int).
    const w = tf.tensor2d(W, [2, 2]);
    const s = tf.scalar(0.5);
    const gs = tf.grad((b: tf.Tensor) =>
      tf.tidy(() => {
        const wInt = tf.clipByValue(tf.round(tf.div(w, b)), grid3.n, grid3.p);
        const lo = tf.mul(b, tf.fill([2, 2], grid3.n));
        const clip = tf.minimum(tf.maximum(w, lo), tf.mul(b, tf.fill([2, 2], grid3.p)));
        return tf.sum(tf.square(tf.sub(tf.mul(b, wInt), clip)));
      }),
    )(s);
    close(gs, [1.2], 5);
    tf.dispose([w, s, gs]);
  });

  it('a frozen weight outside the range gives s a gradient through the clip bound', () => {
    // entry 3: w = -2.6 < s*n = -2, target 1 (frozen_int 2): d/ds (1 - s*n)^2 = -2(1 - s*n)*n
    //          = -2 * 3 * (-4) = 24. Inside entries: dL/dw = -2(target - w): [1.6, 0.4, 0, 0].
    const w = tf.tensor1d(W);
    const s = tf.scalar(0.5);
    const frozen = tf.tensor1d([1, 0, 0, 1]);
    const frozenInt = tf.tensor1d([-1, 0, 0, 2]);
    const opts = { grid: grid3, aggregation: 'sum' as const, freezing: { frozen, frozenInt } };
    const [gw, gs] = tf.grads((a: tf.Tensor, b: tf.Tensor) => dampeningLoss(a, b, opts))([w, s]);
    close(gw!, [1.6, 0.4, 0, 0], 5);
    close(gs!, [24], 4);
    tf.dispose([w, s, frozen, frozenInt, gw!, gs!]);
  });

  it('finite differences agree for w away from rounding and clip boundaries', () => {
    const s = tf.tensor1d([0.5, 0.25]);
    const grid = intGrid(4, 'signed-full');
    // w/s = [0.6, -1.4, 2.2, 0.8, -3.3, 5.6, 4.2, -2.8]: all >= 0.2 from a .5 and inside [-8, 7]
    const w = tf.tensor2d([0.3, -0.35, 1.1, 0.2, -1.65, 1.4, 2.1, -0.7], [4, 2]);
    for (const aggregation of ['sum', 'mean', 'kernel_mean'] as const) {
      const [err] = gradientErrors((x) => dampeningLoss(x, s, { grid, aggregation }), [w]);
      expect(err).toBeLessThan(2e-3);
    }
    tf.dispose([s, w]);
  });

  it('works with tf.variableGrads on variables (the training-step use)', () => {
    const [w, s] = tf.tidy(() => [
      tf.variable(tf.tensor2d(W, [2, 2])),
      tf.variable(tf.scalar(0.5)),
    ]);
    const { value, grads } = tf.variableGrads(() => dampeningLoss(w, s, { grid: grid3 }), [w, s]);
    close(value, [0.04]);
    close(grads[w.name]!, [-0.2, 0.2, 0, 0]);
    close(grads[s.name]!, [0]);
    tf.dispose([value, ...Object.values(grads), w, s]);
  });
});

describe('dampening loss bad input', () => {
  it('rejects empty weights, non-broadcasting scales and a non-rank-4 depthwise kernel', () => {
    const empty = tf.tensor1d([]);
    const w = tf.tensor2d(W, [2, 2]);
    const s = tf.scalar(0.5);
    const s3 = tf.tensor1d([1, 2, 3]);
    expect(() => dampeningLoss(empty, s, { grid: grid3 })).toThrowError(/empty/);
    expect(() => dampeningLoss(w, s3, { grid: grid3 })).toThrowError(/broadcast/);
    expect(() => dampeningLoss(w, s, { grid: grid3, depthwise: true })).toThrowError(/rank 4/);
    tf.dispose([empty, w, s, s3]);
  });

  it('s = 0 gives a finite loss (scale floor), not NaN', () => {
    const w = tf.tensor1d(W);
    const s = tf.scalar(0);
    const loss = dampeningLoss(w, s, { grid: grid3 });
    expect(Number.isFinite(loss.dataSync()[0])).toBe(true);
    tf.dispose([w, s, loss]);
  });
});
