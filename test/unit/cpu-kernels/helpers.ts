import * as tf from '@tensorflow/tfjs';
import {
  fastKernelCounts,
  installFastCpuKernels,
  resetFastKernelCounts,
  uninstallFastCpuKernels,
} from '../../../src/engine/cpu-kernels/index';
import { mulberry32 } from '../../../src/engine/random';

/** Deterministic PRNG (the engine's mulberry32) so every randomized case is reproducible. */
export const rng = mulberry32;

/** Integer in [lo, hi] from `rand`. */
export function int(rand: () => number, lo: number, hi: number): number {
  return lo + Math.floor(rand() * (hi - lo + 1));
}

/** One of `items` from `rand`. */
export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)];
}

let seedCounter = 1;

/** A normal(0,1) float32 tensor with a fresh seed. */
export function randn(shape: number[]): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, 'float32', seedCounter++);
}

/** Max |fast - ref| relative to max |ref| (absolute when ref is all zeros); NaNs must match. */
export function relativeError(ref: ArrayLike<number>, fast: ArrayLike<number>): number {
  if (ref.length !== fast.length) return Infinity;
  let maxRef = 0;
  let maxDiff = 0;
  for (let i = 0; i < ref.length; i++) {
    const r = ref[i];
    const f = fast[i];
    if (Number.isNaN(r) || Number.isNaN(f)) {
      if (Number.isNaN(r) !== Number.isNaN(f)) return Infinity;
      continue;
    }
    if (!Number.isFinite(r) || !Number.isFinite(f)) {
      if (r !== f) return Infinity;
      continue;
    }
    maxRef = Math.max(maxRef, Math.abs(r));
    maxDiff = Math.max(maxDiff, Math.abs(r - f));
  }
  return maxRef > 0 ? maxDiff / maxRef : maxDiff;
}

export interface Comparison {
  /** relativeError(stock, fast). */
  error: number;
  /** Fast-path calls of the kernel during the fast run. */
  fast: number;
  /** Fallback calls of the kernel during the fast run. */
  fallback: number;
  shape: { stock: number[]; fast: number[] };
  dtype: { stock: string; fast: string };
}

function runOnce(run: () => tf.Tensor): { values: Float32Array; shape: number[]; dtype: string } {
  const out = run();
  const result = { values: Float32Array.from(out.dataSync()), shape: out.shape, dtype: out.dtype };
  out.dispose();
  return result;
}

/** Runs `run` with the stock kernels, then with the fast ones, and compares the outputs. */
export function compareWithStock(kernelName: string, run: () => tf.Tensor): Comparison {
  uninstallFastCpuKernels();
  const stock = runOnce(run);
  installFastCpuKernels();
  resetFastKernelCounts();
  const fast = runOnce(run);
  const count = fastKernelCounts()[kernelName] ?? { fast: 0, fallback: 0 };
  return {
    error: relativeError(stock.values, fast.values),
    fast: count.fast,
    fallback: count.fallback,
    shape: { stock: stock.shape, fast: fast.shape },
    dtype: { stock: stock.dtype, fast: fast.dtype },
  };
}

/** Calls one kernel directly, bypassing the op layer (backprop kernels have no public op). */
export function runKernel(
  kernelName: string,
  inputs: Record<string, tf.Tensor>,
  attrs: Record<string, unknown>,
): tf.Tensor {
  return tf.engine().runKernel(kernelName, inputs, attrs as tf.NamedAttrMap) as tf.Tensor;
}

/** Tolerance of the kernel comparisons: max error relative to max |reference|. */
export const TOLERANCE = 1e-4;
