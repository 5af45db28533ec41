// Shared helpers for property loops and leak checks in the unit suites.
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { mulberry32 } from '../../src/engine/random';

/** Run `fn` and assert it leaves the number of live tensors unchanged. */
export function expectNoLeak<T>(fn: () => T): T {
  const before = tf.memory().numTensors;
  const out = fn();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

/** Seeded uniform [0, 1) generator (the engine's mulberry32), so property loops are reproducible. */
export const seededRandom = mulberry32;

/** Standard normal samples (Box-Muller) from a seeded generator. */
export function normals(rand: () => number, count: number): Float32Array {
  return Float32Array.from({ length: count }, () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  });
}
