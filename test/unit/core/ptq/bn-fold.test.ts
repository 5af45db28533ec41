// BN folding (methods.md 1.6) against an unfolded layer + tf.batchNorm forward pass.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { foldBatchNorm, type BatchNormParams } from '../../../../src/core/ptq/bn-fold';
import { expectClose, expectNoLeak } from '../quant/helpers';

function randomBn(channels: number, seed: number, epsilon = 1e-3): BatchNormParams {
  return {
    gamma: tf.randomUniform([channels], 0.2, 3, 'float32', seed),
    beta: tf.randomNormal([channels], 0, 1, 'float32', seed + 1),
    movingMean: tf.randomNormal([channels], 0, 1, 'float32', seed + 2),
    movingVariance: tf.randomUniform([channels], 0.01, 4, 'float32', seed + 3),
    epsilon,
  };
}

const disposeBn = (bn: BatchNormParams) =>
  tf.dispose([bn.gamma, bn.beta, bn.movingMean, bn.movingVariance]);

function bnForward(y: tf.Tensor, bn: BatchNormParams): tf.Tensor {
  return tf.batchNorm(y, bn.movingMean, bn.movingVariance, bn.beta, bn.gamma, bn.epsilon);
}

/** max |folded - reference| relative to max |reference|. */
function relativeGap(folded: tf.Tensor, reference: tf.Tensor): number {
  return tf.tidy(() => {
    const gap = tf.max(tf.abs(tf.sub(folded, reference))).dataSync()[0]!;
    return gap / tf.max(tf.abs(reference)).dataSync()[0]!;
  });
}

describe('foldBatchNorm', () => {
  test('hand-computed dense [1, 2]', () => {
    // W = [[2, -1]], b = [0.5, 0], gamma = [2, 1], beta = [0.1, 0], mu = [1, 0],
    // var = [4, 0.25], eps = 0 -> factor = gamma / sqrt(var) = [2 / 2, 1 / 0.5] = [1, 2]
    // W_f = [[2 * 1, -1 * 2]] = [[2, -2]]; b_f = beta + (b - mu) * factor = [0.1 - 0.5, 0] = [-0.4, 0]
    const bn: BatchNormParams = {
      gamma: tf.tensor([2, 1]),
      beta: tf.tensor([0.1, 0]),
      movingMean: tf.tensor([1, 0]),
      movingVariance: tf.tensor([4, 0.25]),
      epsilon: 0,
    };
    const w = tf.tensor([[2, -1]]);
    const b = tf.tensor([0.5, 0]);
    const before = tf.memory().numTensors;
    const out = foldBatchNorm(w, b, bn, 'dense');
    expect(tf.memory().numTensors).toBe(before + 2);
    expectClose(out.kernel, [2, -2]);
    expectClose(out.bias, [-0.4, 0]);
    tf.dispose([out.kernel, out.bias, w, b]);
    disposeBn(bn);
  });

  test('conv2d [3, 3, 2, 4] with bias: conv(x, W_f) + b_f == BN(conv(x, W) + b)', () => {
    const bn = randomBn(4, 10);
    const w = tf.randomNormal([3, 3, 2, 4], 0, 0.5, 'float32', 1) as tf.Tensor4D;
    const b = tf.randomNormal([4], 0, 0.5, 'float32', 2);
    const x = tf.randomNormal([2, 6, 6, 2], 0, 1, 'float32', 3) as tf.Tensor4D;
    expectNoLeak(() => {
      const f = foldBatchNorm(w, b, bn, 'conv2d');
      const gap = tf.tidy(() => {
        const reference = bnForward(tf.add(tf.conv2d(x, w, 1, 'same'), b), bn);
        const folded = tf.add(tf.conv2d(x, f.kernel as tf.Tensor4D, 1, 'same'), f.bias);
        return relativeGap(folded, reference);
      });
      tf.dispose([f.kernel, f.bias]);
      expect(gap).toBeLessThan(1e-5);
    });
    tf.dispose([w, b, x]);
    disposeBn(bn);
  });

  test('depthwise [3, 3, 3, 2] (6 channels, c = i * mult + m), no bias', () => {
    const bn = randomBn(6, 20);
    const w = tf.randomNormal([3, 3, 3, 2], 0, 0.5, 'float32', 4) as tf.Tensor4D;
    const x = tf.randomNormal([2, 5, 5, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    expectNoLeak(() => {
      const f = foldBatchNorm(w, null, bn, 'depthwise');
      expect(f.kernel.shape).toEqual([3, 3, 3, 2]);
      expect(f.bias.shape).toEqual([6]);
      const gap = tf.tidy(() => {
        const reference = bnForward(tf.depthwiseConv2d(x, w, 1, 'same'), bn);
        const folded = tf.add(tf.depthwiseConv2d(x, f.kernel as tf.Tensor4D, 1, 'same'), f.bias);
        return relativeGap(folded, reference);
      });
      tf.dispose([f.kernel, f.bias]);
      expect(gap).toBeLessThan(1e-5);
    });
    tf.dispose([w, x]);
    disposeBn(bn);
  });

  test('dense [5, 3]: matMul(x, W_f) + b_f == BN(matMul(x, W) + b)', () => {
    const bn = randomBn(3, 30);
    const w = tf.randomNormal([5, 3], 0, 0.5, 'float32', 6) as tf.Tensor2D;
    const b = tf.randomNormal([3], 0, 0.5, 'float32', 7);
    const x = tf.randomNormal([8, 5], 0, 1, 'float32', 8) as tf.Tensor2D;
    expectNoLeak(() => {
      const f = foldBatchNorm(w, b, bn, 'dense');
      const gap = tf.tidy(() =>
        relativeGap(
          tf.add(tf.matMul(x, f.kernel as tf.Tensor2D), f.bias),
          bnForward(tf.add(tf.matMul(x, w), b), bn),
        ),
      );
      tf.dispose([f.kernel, f.bias]);
      expect(gap).toBeLessThan(1e-5);
    });
    tf.dispose([w, b, x]);
    disposeBn(bn);
  });

  test('bad input: channel count, layout, NaN, var + eps <= 0, negative eps', () => {
    const w = tf.zeros([3, 3, 2, 4]);
    const good = randomBn(4, 40);
    const wrongCount = randomBn(3, 50);
    const nan = { ...good, gamma: tf.tensor([1, NaN, 1, 1]) };
    const zeroVar = { ...good, movingVariance: tf.zeros([4]), epsilon: 0 };
    const shortBias = tf.zeros([2]);
    const before = tf.memory().numTensors;
    expect(() => foldBatchNorm(w, null, wrongCount, 'conv2d')).toThrowError(/one per output/);
    expect(() => foldBatchNorm(w, shortBias, good, 'conv2d')).toThrowError(/bias/);
    expect(() => foldBatchNorm(w, null, good, 'dense')).toThrowError(/rank 2/);
    expect(() => foldBatchNorm(w, null, nan, 'conv2d')).toThrowError(/NaN or Inf/);
    expect(() => foldBatchNorm(w, null, zeroVar, 'conv2d')).toThrowError(/var \+ eps/);
    expect(() => foldBatchNorm(w, null, { ...good, epsilon: -1 }, 'conv2d')).toThrowError(
      /epsilon/,
    );
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([w, shortBias, nan.gamma, zeroVar.movingVariance]);
    disposeBn(good);
    disposeBn(wrongCount);
  });
});
