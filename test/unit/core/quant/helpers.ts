// Shared test helpers for the quantizer, metrics and PTQ suites (not a test file itself).
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { intGrid, type GridMode } from '../../../../src/core/quant/grid';
import type { QuantParams } from '../../../../src/core/quant/params';

/** Run `fn` and assert it leaves the number of live tensors unchanged. */
export function expectNoLeak<T>(fn: () => T): T {
  const before = tf.memory().numTensors;
  const out = fn();
  expect(tf.memory().numTensors).toBe(before);
  return out;
}

/** Seeded uniform [0, 1) generator (mulberry32), so property loops are reproducible. */
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

/** Standard normal samples (Box-Muller) from a seeded generator. */
export function normals(rand: () => number, count: number): Float32Array {
  return Float32Array.from({ length: count }, () => {
    const u = Math.max(rand(), 1e-12);
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
  });
}

/** Hand-made per-tensor params for a rank-`rank` tensor (caller disposes). */
export function manualParams(
  scale: number,
  zeroPoint: number,
  bits: number,
  mode: GridMode,
  rank = 1,
): QuantParams {
  const shape = new Array<number>(rank).fill(1);
  return {
    grid: intGrid(bits, mode),
    scale: tf.fill(shape, scale),
    zeroPoint: tf.fill(shape, zeroPoint),
    axes: shape.map((_, i) => i),
  };
}

/** Sum of squared errors between two tensors, read as a number. */
export function sse(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.sum(tf.square(tf.sub(a, b))).dataSync()[0]!);
}

/** Expect every element of `actual` within 1e-6 of `expected` (float32 arithmetic). */
export function expectClose(actual: tf.Tensor | ArrayLike<number>, expected: number[], digits = 6) {
  const values = actual instanceof tf.Tensor ? Array.from(actual.dataSync()) : Array.from(actual);
  expect(values).toHaveLength(expected.length);
  values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));
}

/** Like tf.tidy, but for functions that return plain values (tf.tidy's type wants tensors). */
export function scoped<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}
