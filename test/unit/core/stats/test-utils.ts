import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

import { normals, seededRandom } from '../../../helpers/property';

export { seededRandom };

/** n standard-normal samples (Box-Muller) from a seeded stream. */
export function gaussianSample(n: number, seed: number): Float32Array {
  return normals(seededRandom(seed), n);
}

/**
 * Run `body`, dispose whatever tensors it returns, and assert the live tensor count is unchanged:
 * the function under test leaked nothing.
 */
export function expectNoLeak(body: () => tf.TensorContainer | void): void {
  const before = tf.memory().numTensors;
  const out = body();
  if (out !== undefined) tf.dispose(out);
  expect(tf.memory().numTensors).toBe(before);
}

/** Read a scalar tensor, dispose it, return the number. */
export function take(t: tf.Tensor): number {
  const v = t.dataSync()[0]!;
  t.dispose();
  return v;
}
