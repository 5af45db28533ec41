// Straight-through estimator built with tf.customGrad (methods.md 1.4).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { clipRange, fakeQuant } from '../../../../src/core/quant/fake-quant';
import { disposeParams, type QuantParams } from '../../../../src/core/quant/params';
import { gradientErrors } from '../../../helpers/gradcheck';
import { expectClose, expectNoLeak, manualParams } from './helpers';

/** Identity forward, zero gradient: lets a test give a function the STE's surrogate value. */
const detach = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy) };
});

function steGrad(x: number[], params: QuantParams): number[] {
  return expectNoLeak(() =>
    tf.tidy(() => {
      const g = tf.grad((t: tf.Tensor) => tf.sum(fakeQuant(t, params)))(tf.tensor(x));
      return Array.from(g.dataSync());
    }),
  );
}

describe('fakeQuant forward', () => {
  test('forward equals quantize-dequantize: s = 0.5, z = 0, b = 3 signed full [-4, 3]', () => {
    // x / s = [-5, -1.6, 0.5, 1.4, 3.4] -> round [-5, -2, 0, 1, 3] -> clamp [-4, -2, 0, 1, 3]
    const p = manualParams(0.5, 0, 3, 'signed-full');
    const out = expectNoLeak(() =>
      tf.tidy(() => Array.from(fakeQuant(tf.tensor([-2.5, -0.8, 0.25, 0.7, 1.7]), p).dataSync())),
    );
    expectClose(out, [-2, -1, 0, 0.5, 1.5]);
    disposeParams(p);
  });
});

describe('STE gradient', () => {
  test('finite differences: STE gradient = gradient of clip(x, lo, hi), asymmetric', () => {
    // s = 0.25, z = 5 on [0, 7]: clipping range [0.25 * (0 - 5), 0.25 * (7 - 5)] = [-1.25, 0.5].
    // f(x) = sum(c * (fq(x) + detach(clip(x) - fq(x)))): its value is sum(c * clip(x)) (smooth
    // away from the clip bounds, so finite differences work), its analytic gradient is the STE's.
    const p = manualParams(0.25, 5, 3, 'unsigned');
    const { lo, hi } = clipRange(p);
    expectClose(lo, [-1.25]);
    expectClose(hi, [0.5]);
    // values away from rounding points (k * 0.25 + 0.125) and from the bounds, some outside
    const x = tf.tensor([-1.9, -1.0, -0.47, 0.02, 0.33, 0.9, 1.4]);
    const c = tf.tensor([0.7, -1.3, 2.0, 0.4, -0.9, 1.1, 0.6]);
    const before = tf.memory().numTensors;
    const f = (t: tf.Tensor) => {
      const q = fakeQuant(t, p);
      const clip = tf.clipByValue(t, -1.25, 0.5);
      return tf.sum(tf.mul(c, tf.add(q, detach(tf.sub(clip, q))))) as tf.Scalar;
    };
    expect(gradientErrors(f, [x])[0]).toBeLessThan(1e-2);
    // and the gradient is exactly c inside, 0 outside
    const g = tf.tidy(() => Array.from(tf.grad(f)(x).dataSync()));
    expectClose(g, [0, -1.3, 2.0, 0.4, -0.9, 0, 0]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, c, lo, hi]);
    disposeParams(p);
  });

  test('finite differences catch a wrong STE: identity everywhere would fail outside', () => {
    const p = manualParams(0.25, 5, 3, 'unsigned');
    const x = tf.tensor([-1.9, 0.9]); // both outside [-1.25, 0.5]
    const wrong = (t: tf.Tensor) => {
      const q = tf.add(t, detach(tf.sub(fakeQuant(t, p), t))); // gradient 1 everywhere
      const clip = tf.clipByValue(t, -1.25, 0.5);
      return tf.sum(tf.add(q, detach(tf.sub(clip, q)))) as tf.Scalar;
    };
    expect(gradientErrors(wrong, [x])[0]).toBeGreaterThan(0.5);
    tf.dispose(x);
    disposeParams(p);
  });

  test('clip behaviour at the boundaries: bounds included, half a step beyond excluded', () => {
    // s = 0.5, z = 0, b = 3 signed full: range [0.5 * -4, 0.5 * 3] = [-2, 1.5]
    // x = 1.6 still rounds to level 3 (1.6 / 0.5 = 3.2) but lies beyond the range: gradient 0
    const p = manualParams(0.5, 0, 3, 'signed-full');
    expect(steGrad([-2.3, -2.0, -1.9, 0.3, 1.4, 1.5, 1.6, 1.76], p)).toEqual([
      0, 1, 1, 1, 1, 1, 0, 0,
    ]);
    disposeParams(p);
  });

  test('scale and zero point are constants: zero gradient', () => {
    const x = tf.tensor([0.3, -0.2]);
    const s = tf.tensor([0.1]);
    const z = tf.tensor([0]);
    const grads = expectNoLeak(() =>
      tf.tidy(() => {
        const f = (a: tf.Tensor, b: tf.Tensor, c: tf.Tensor) =>
          tf.sum(fakeQuant(a, { grid: { n: -4, p: 3 }, scale: b, zeroPoint: c, axes: [0] }));
        return tf
          .grads(f)([x, s, z])
          .map((g) => Array.from(g.dataSync()));
      }),
    );
    expect(grads).toEqual([[1, 1], [0], [0]]);
    tf.dispose([x, s, z]);
  });

  test('bad input: params that do not broadcast, or an empty tensor', () => {
    const p = manualParams(0.5, 0, 3, 'signed-full', 2);
    const x = tf.tensor([1, 2, 3]);
    const empty = tf.tensor([], [0, 2]);
    const before = tf.memory().numTensors;
    expect(() => fakeQuant(x, p)).toThrowError(/do not fit/);
    expect(() => fakeQuant(empty, p)).toThrowError(/empty/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, empty]);
    disposeParams(p);
  });
});
