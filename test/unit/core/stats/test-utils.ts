import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** mulberry32: a tiny seeded PRNG so property loops are reproducible. Values in [0, 1). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** n standard-normal samples (Box-Muller) from a seeded stream. */
export function gaussianSample(n: number, seed: number): Float32Array {
  const rand = seededRandom(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const u = Math.max(rand(), 1e-12);
    out[i] = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  }
  return out;
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
