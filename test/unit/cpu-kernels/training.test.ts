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

const STEPS = 5;
/** Stock training is slow and the machine may be shared: allow well over the ~2 s it takes. */
const TIMEOUT_MS = 40_000;
/** Stock steps of the stacks take ~0.3 s each even at batch 2: keep the batch small. */
const BATCH: Record<ProfileModelName, number> = {
  'small-cnn': 4,
  'depthwise-stack': 2,
  'residual-stack': 2,
};

/** Loss per step and final weights of a fresh model trained with the current kernels. */
function train(name: ProfileModelName): { losses: number[]; weights: Float32Array[] } {
  const model = buildProfileModel(name, 3);
  const optimizer = tf.train.momentum(0.02, 0.9);
  const { x, y } = makeBatch(BATCH[name], 11);
  const losses = Array.from({ length: STEPS }, () => trainStep(model, optimizer, x, y));
  const weights = model.variables.map((v) => Float32Array.from(v.dataSync()));
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
      // The conv filter gradient is the kernel that matters most: it must have run fast.
      expect(counts[tf.Conv2DBackpropFilter].fast).toBeGreaterThan(0);
      expect(counts[tf.Conv2DBackpropFilter].fallback).toBe(0);
    },
    TIMEOUT_MS,
  );
});

describe('memory', () => {
  it(
    'leaks no tensors over many fast training steps',
    () => {
      installFastCpuKernels();
      const model = buildProfileModel('depthwise-stack', 5);
      const optimizer = tf.train.momentum(0.01, 0.9);
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
