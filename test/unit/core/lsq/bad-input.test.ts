// Bad input gives a typed QuantError with a clear message (issue 3 "Bad input").
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { QuantError } from '../../../../src/core/errors';
import { lsqGradScaleFactor, resolveGradScale } from '../../../../src/core/lsq/grad-scale';
import {
  lsqPlusActivationInitMinMax,
  lsqPlusActivationInitMse,
} from '../../../../src/core/lsq/init-activations';
import { lsqInit, lsqPlusWeightInit } from '../../../../src/core/lsq/init-weights';
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
    rejects(/bits/, () => lsqInit(x(), bits, 'unsigned'));
    rejects(/bits/, () => lsqPlusWeightInit(x(), bits));
    rejects(/bits/, () =>
      lsqPlusActivationInitMinMax(Float32Array.of(0, 1), bits, 'unsigned-asymmetric'),
    );
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
    rejects(/empty/, () => lsqInit(tf.tensor1d([]), 3, 'signed-full'));
    rejects(/empty/, () => lsqPlusWeightInit(tf.tensor2d([], [0, 3]), 3));
    rejects(/empty/, () =>
      lsqPlusActivationInitMinMax(new Float32Array(0), 3, 'unsigned-asymmetric'),
    );
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
      lsqPlusWeightInit(tf.ones([2, 2]), 3, { granularity: 'per-channel' }),
    );
    rejects(/rank 4/, () =>
      lsqPlusWeightInit(tf.ones([2, 2]), 3, { granularity: 'per-channel', kind: 'conv2d' }),
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
  test('all-zero tensors would give s = 0', () => {
    rejects(/all zeros/, () => lsqInit(tf.zeros([4]), 3, 'signed-full'));
    rejects(/all zeros/, () => lsqPlusWeightInit(tf.zeros([2, 3]), 3));
    rejects(/constant/, () =>
      lsqPlusActivationInitMinMax(new Float32Array(4), 3, 'unsigned-asymmetric'),
    );
    rejects(/constant/, () => lsqPlusActivationInitMse(new Float32Array(4), 3, 'signed-symmetric'));
  });

  test('NaN or Inf in the data', () => {
    rejects(/NaN or Inf/, () => lsqInit(tf.tensor1d([1, NaN]), 3, 'signed-full'));
    rejects(/NaN or Inf/, () => lsqPlusWeightInit(tf.tensor1d([1, Infinity, 2]), 3));
    rejects(/NaN or Inf/, () =>
      lsqPlusActivationInitMinMax(Float32Array.of(0, NaN), 3, 'unsigned-asymmetric'),
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
