// Bad input gives a typed QuantError with a clear message (issue 3 "Bad input").
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { QuantError } from '../../../../src/core/errors';
import { lsqGradScaleFactor, resolveGradScale } from '../../../../src/core/lsq/grad-scale';
import { lsqPlusActivationInitMse } from '../../../../src/core/lsq/init-activations';
import { lsqInitAsync, lsqPlusWeightInitAsync } from '../../../../src/core/lsq/init-weights';
import { lsqFakeQuant, lsqGrid, type LsqGridMode } from '../../../../src/core/lsq/lsq';
import { lsqPlusFakeQuant, type LsqPlusConfig } from '../../../../src/core/lsq/lsq-plus';
import { createLsqParams, createLsqPlusParams } from '../../../../src/core/lsq/params';
import { expectNoLeak } from './helpers';

/** Run `fn` with fresh tensors and check it throws a QuantError matching `message`, leaking nothing. */
function rejects(message: RegExp, fn: () => unknown) {
  expectNoLeak(() =>
    tf.tidy(() => {
      expect(fn).toThrowError(QuantError);
      expect(fn).toThrowError(message);
    }),
  );
}

/** Check the init of a fresh tensor rejects with a QuantError matching `message`, leaking nothing. */
async function rejectsLater(
  message: RegExp,
  make: () => tf.Tensor,
  init: (t: tf.Tensor) => Promise<unknown>,
) {
  const before = tf.memory().numTensors;
  const t = make();
  const result = init(t);
  await expect(result).rejects.toThrowError(QuantError);
  await expect(result).rejects.toThrowError(message);
  t.dispose();
  expect(tf.memory().numTensors).toBe(before);
}

describe('bit widths outside 2..8', () => {
  test.each([1, 9, 2.5, NaN])('bits = %s', (bits) => {
    const x = () => tf.tensor1d([0.1, 0.2]);
    rejects(/bits/, () => lsqGrid(bits, 'unsigned'));
    rejects(/bits/, () =>
      lsqFakeQuant(x(), tf.scalar(0.1), { bits, grid: 'signed-full', role: 'weight' }),
    );
    rejects(/bits/, () =>
      lsqPlusFakeQuant(
        x(),
        { s: tf.scalar(0.1), beta: tf.scalar(0) },
        { bits, config: 'unsigned-asymmetric', role: 'activation' },
      ),
    );
    rejects(/bits/, () => lsqInitAsync(x(), bits, 'unsigned'));
    rejects(/bits/, () => lsqPlusWeightInitAsync(x(), bits));
    rejects(/bits/, () =>
      lsqPlusActivationInitMse(Float32Array.of(0, 1), bits, 'signed-asymmetric'),
    );
  });
});

describe('shapes and configurations', () => {
  const opts = { bits: 3, grid: 'signed-full' as const, role: 'weight' as const };

  test('empty tensors', () => {
    rejects(/empty/, () => lsqFakeQuant(tf.tensor1d([]), tf.scalar(0.1), opts));
    rejects(/empty/, () => lsqFakeQuant(tf.tensor1d([1]), tf.tensor1d([]), opts));
    rejects(/empty/, () => lsqInitAsync(tf.tensor1d([]), 3, 'signed-full'));
    rejects(/empty/, () => lsqPlusWeightInitAsync(tf.tensor2d([], [0, 3]), 3));
    rejects(/empty/, () => lsqPlusActivationInitMse(new Float32Array(0), 3, 'unsigned-asymmetric'));
  });

  test('step size or offset of a shape that does not fit', () => {
    const w = () => tf.zeros([3, 4]);
    rejects(/does not fit/, () => lsqFakeQuant(w(), tf.zeros([4]).add(1), opts));
    rejects(/does not fit/, () => lsqFakeQuant(w(), tf.ones([1, 3]), opts));
    rejects(/beta of shape/, () =>
      lsqPlusFakeQuant(
        w(),
        { s: tf.ones([1, 4]), beta: tf.scalar(0) },
        { bits: 3, config: 'signed-asymmetric', role: 'weight' },
      ),
    );
  });

  test('beta presence must match the configuration; unknown names are rejected', () => {
    const x = () => tf.tensor1d([0.1]);
    rejects(/must be a tensor/, () =>
      lsqPlusFakeQuant(
        x(),
        { s: tf.scalar(1), beta: null },
        { bits: 2, config: 'signed-asymmetric', role: 'activation' },
      ),
    );
    rejects(/pass beta = null/, () =>
      lsqPlusFakeQuant(
        x(),
        { s: tf.scalar(1), beta: tf.scalar(0) },
        { bits: 2, config: 'unsigned-symmetric', role: 'activation' },
      ),
    );
    const bogus = 'bogus' as LsqPlusConfig;
    rejects(/unknown LSQ\+ configuration/, () =>
      lsqPlusFakeQuant(
        x(),
        { s: tf.scalar(1), beta: null },
        { bits: 2, config: bogus, role: 'weight' },
      ),
    );
    rejects(/'unsigned' or 'signed-full'/, () => lsqGrid(3, 'signed-narrow' as LsqGridMode));
  });

  test('per-channel init without a layer kind, or with the wrong rank', () => {
    rejects(/layer kind/, () =>
      lsqPlusWeightInitAsync(tf.ones([2, 2]), 3, { granularity: 'per-channel' }),
    );
    rejects(/rank 4/, () =>
      lsqPlusWeightInitAsync(tf.ones([2, 2]), 3, { granularity: 'per-channel', kind: 'conv2d' }),
    );
  });
});

describe('step sizes, offsets and gradient scales', () => {
  const init = (s: number, beta = 0) => ({
    shape: [],
    s: Float32Array.of(s),
    beta: Float32Array.of(beta),
  });

  test.each([0, -0.1, NaN, Infinity])('s = %s is refused by the factories', (s) => {
    rejects(/step size s must be finite and > 0/, () => createLsqParams(init(s)));
    rejects(/step size s must be finite and > 0/, () =>
      createLsqPlusParams(init(s), 'signed-asymmetric'),
    );
  });

  test('non-finite beta, non-zero beta for a symmetric config, mismatched init lengths', () => {
    rejects(/beta must be finite/, () => createLsqPlusParams(init(1, NaN), 'unsigned-asymmetric'));
    rejects(/fixes beta = 0/, () => createLsqPlusParams(init(1, 0.5), 'unsigned-symmetric'));
    rejects(/needs 2 values/, () =>
      createLsqParams({ shape: [2], s: Float32Array.of(1), beta: Float32Array.of(0) }),
    );
  });

  test('fixed gradient scale must be finite and > 0; N and Q_P must be > 0', () => {
    rejects(/fixed gradient scale/, () => resolveGradScale(0, [4], 1, 'weight', 1));
    rejects(/fixed gradient scale/, () => resolveGradScale(NaN, [4], 1, 'weight', 1));
    rejects(/N > 0/, () => lsqGradScaleFactor(0, 3));
  });
});

describe('init from degenerate data', () => {
  test('all-zero tensors would give s = 0', async () => {
    const zeros = () => tf.zeros([2, 3]);
    await rejectsLater(/all zeros/, zeros, (t) => lsqInitAsync(t, 3, 'signed-full'));
    await rejectsLater(/all zeros/, zeros, (t) => lsqPlusWeightInitAsync(t, 3));
    rejects(/constant/, () =>
      lsqPlusActivationInitMse(new Float32Array(4), 3, 'unsigned-asymmetric', { candidates: 1 }),
    );
    rejects(/constant/, () => lsqPlusActivationInitMse(new Float32Array(4), 3, 'signed-symmetric'));
  });

  test('NaN or Inf in the data', async () => {
    await rejectsLater(
      /NaN or Inf/,
      () => tf.tensor1d([1, NaN]),
      (t) => lsqInitAsync(t, 3, 'signed-full'),
    );
    await rejectsLater(
      /NaN or Inf/,
      () => tf.tensor1d([1, Infinity, 2]),
      (t) => lsqPlusWeightInitAsync(t, 3),
    );
    rejects(/NaN or Inf/, () =>
      lsqPlusActivationInitMse(Float32Array.of(0, NaN), 3, 'unsigned-asymmetric'),
    );
    rejects(/NaN or Inf/, () =>
      lsqPlusActivationInitMse(Float32Array.of(0, -Infinity), 3, 'signed-asymmetric'),
    );
  });

  test('MSE search sizes must be positive integers', () => {
    rejects(/K must be a positive integer/, () =>
      lsqPlusActivationInitMse(Float32Array.of(0, 1), 3, 'signed-asymmetric', { candidates: 0 }),
    );
    rejects(/J must be a positive integer/, () =>
      lsqPlusActivationInitMse(Float32Array.of(0, 1), 3, 'signed-asymmetric', { positions: 1.5 }),
    );
  });
});
