import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fastKernelCounts,
  installFastCpuKernels,
  resetFastKernelCounts,
  uninstallFastCpuKernels,
} from '../../../src/engine/cpu-kernels/index';
import {
  buildProfileModel,
  makeBatch,
  PROFILE_MODEL_NAMES,
  type ProfileModelName,
  trainStep,
} from '../../../src/engine/cpu-kernels/profile-models';
import { createOptimizer } from '../../../src/engine/training/optimizer';

const STEPS = 5;
/** Stock training is slow and the machine may be shared: allow well over the ~2 s it takes. */
const TIMEOUT_MS = 40_000;
/** Stock steps of MobileNet-tiny and ResNet-tiny take ~0.3-1 s each even at batch 2. */
const BATCH: Record<ProfileModelName, number> = {
  'small-cnn': 4,
  'mobilenet-tiny': 2,
  'resnet-tiny': 2,
};

/** The kernels whose fast path each model's step must take: the conv gradients above all. */
const MUST_RUN_FAST: Record<ProfileModelName, readonly string[]> = {
  'small-cnn': [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.MaxPoolGrad],
  'mobilenet-tiny': [
    tf.Conv2DBackpropFilter,
    tf.DepthwiseConv2dNativeBackpropFilter,
    tf.DepthwiseConv2dNativeBackpropInput,
  ],
  'resnet-tiny': [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput],
};

/** Loss per step and final weights of a fresh registry model trained with the current kernels. */
function train(name: ProfileModelName): { losses: number[]; weights: Float32Array[] } {
  const model = buildProfileModel(name, 3);
  const optimizer = createOptimizer('momentum', 0.02);
  const { x, y } = makeBatch(BATCH[name], 11);
  const losses = Array.from({ length: STEPS }, () => trainStep(model, optimizer, x, y));
  const weights = model.trainable.map((v) => Float32Array.from(v.dataSync()));
  tf.dispose([x, y]);
  optimizer.dispose();
  model.dispose();
  return { losses, weights };
}

function maxRelative(ref: ArrayLike<number>, got: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < ref.length; i++) {
    scale = Math.max(scale, Math.abs(ref[i]));
    diff = Math.max(diff, Math.abs(ref[i] - got[i]));
  }
  return diff / Math.max(scale, 1e-12);
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => uninstallFastCpuKernels());

describe.each(PROFILE_MODEL_NAMES)('training %s', (name) => {
  it(
    'gives the same loss curve and weights with fast kernels as with stock ones',
    () => {
      uninstallFastCpuKernels();
      const stock = train(name);
      installFastCpuKernels();
      resetFastKernelCounts();
      const fast = train(name);
      const counts = fastKernelCounts();
      expect(stock.losses.every(Number.isFinite)).toBe(true);
      // The loss must move, or the comparison would say little.
      expect(stock.losses[STEPS - 1]).not.toBeCloseTo(stock.losses[0], 3);
      expect(maxRelative(stock.losses, fast.losses)).toBeLessThanOrEqual(1e-4);
      stock.weights.forEach((w, i) =>
        expect(maxRelative(w, fast.weights[i])).toBeLessThanOrEqual(1e-4),
      );
      for (const kernel of MUST_RUN_FAST[name]) {
        expect(counts[kernel]?.fast, kernel).toBeGreaterThan(0);
        expect(counts[kernel]?.fallback, kernel).toBe(0);
      }
    },
    TIMEOUT_MS,
  );
});

describe('memory', () => {
  it.each(PROFILE_MODEL_NAMES)(
    'leaks no tensors over many fast training steps of %s',
    (name) => {
      installFastCpuKernels();
      const model = buildProfileModel(name, 5);
      const optimizer = createOptimizer('momentum', 0.01);
      const { x, y } = makeBatch(2, 13);
      trainStep(model, optimizer, x, y); // creates the optimizer's momentum slots
      const before = tf.memory();
      for (let i = 0; i < 15; i++) trainStep(model, optimizer, x, y);
      expect(tf.memory().numTensors).toBe(before.numTensors);
      expect(tf.memory().numBytes).toBe(before.numBytes);
      tf.dispose([x, y]);
      optimizer.dispose();
      model.dispose();
    },
    TIMEOUT_MS,
  );
});
