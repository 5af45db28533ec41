import * as tf from '@tensorflow/tfjs';
import { conv2DBackpropFilterKernel, conv2DBackpropInputKernel, conv2DKernel } from './conv2d';
import { batchNormKernel } from './batchnorm';
import { binaryKernels } from './binary';
import {
  depthwiseBackpropFilterKernel,
  depthwiseBackpropInputKernel,
  depthwiseConv2dKernel,
} from './depthwise';
import { fusedConv2DKernel } from './fused-conv2d';
import { type FastKernel, releaseScratch } from './kernel-utils';
import { batchMatMulKernel } from './matmul';
import { maxPoolGradKernel, maxPoolKernel } from './pool';
import { meanKernel, sumKernel } from './reduce';
import { tileKernel } from './tile';
import { unaryKernels } from './unary';

/**
 * Fast typed-array replacements for the tfjs CPU kernels that dominate CNN training time.
 *
 * The stock CPU backend runs convolution gradients through per-element TensorBuffer.get calls
 * and broadcasts binary ops through per-element index arithmetic, which makes one training step
 * of a small CNN take seconds. Installing swaps those kernels in the global kernel registry for
 * backend 'cpu' (all other backends are untouched); each replacement handles the common case
 * (float32, NHWC, no dilation, default rounding) and calls the stock kernel for anything else.
 * Fast results equal the stock ones up to float32 rounding (sums run in a different order,
 * often in float64); the unit tests hold every kernel to 1e-4 of the largest reference value.
 */

const BACKEND = 'cpu';

const FAST_KERNELS: readonly FastKernel[] = [
  conv2DKernel,
  conv2DBackpropFilterKernel,
  conv2DBackpropInputKernel,
  fusedConv2DKernel,
  depthwiseConv2dKernel,
  depthwiseBackpropFilterKernel,
  depthwiseBackpropInputKernel,
  maxPoolKernel,
  maxPoolGradKernel,
  ...binaryKernels,
  sumKernel,
  meanKernel,
  batchNormKernel,
  tileKernel,
  ...unaryKernels,
  batchMatMulKernel,
];

/** Names of every kernel that `installFastCpuKernels` can replace. */
export const FAST_KERNEL_NAMES: readonly string[] = FAST_KERNELS.map((k) => k.kernelName);

/** Stock configs of the kernels currently replaced, by kernel name. */
const stockConfigs = new Map<string, tf.KernelConfig>();

/** How often each installed kernel took its fast path or fell back to the stock kernel. */
export interface FastKernelCounts {
  fast: number;
  fallback: number;
}

const counts = new Map<string, FastKernelCounts>();

function wrap(fast: FastKernel, stock: tf.KernelConfig): tf.KernelConfig {
  const count: FastKernelCounts = { fast: 0, fallback: 0 };
  counts.set(fast.kernelName, count);
  return {
    ...stock,
    kernelFunc: (args) => {
      const result = fast.run(args);
      if (result !== null) {
        count.fast++;
        return result;
      }
      count.fallback++;
      return stock.kernelFunc(args);
    },
  };
}

/**
 * Fast-path and fallback counts per kernel since installation (or the last reset): shows which
 * calls the fast kernels actually served, e.g. when bisecting or checking a new model.
 */
export function fastKernelCounts(): Record<string, FastKernelCounts> {
  return Object.fromEntries([...counts].map(([name, c]) => [name, { ...c }]));
}

/** Zeroes the counts reported by `fastKernelCounts`. */
export function resetFastKernelCounts(): void {
  for (const c of counts.values()) {
    c.fast = 0;
    c.fallback = 0;
  }
}

/**
 * Replaces the CPU kernels named in `kernelNames` (default: all of them) by the fast ones.
 * Idempotent: installing the same set again does nothing; installing a different set first
 * restores the stock kernels, so a subset can be used to bisect a numerical difference.
 */
export function installFastCpuKernels(kernelNames: readonly string[] = FAST_KERNEL_NAMES): void {
  const wanted = new Set(kernelNames);
  const same =
    stockConfigs.size === wanted.size && [...wanted].every((name) => stockConfigs.has(name));
  if (same) return;
  uninstallFastCpuKernels();
  for (const fast of FAST_KERNELS) {
    if (!wanted.has(fast.kernelName)) continue;
    const stock = tf.getKernel(fast.kernelName, BACKEND);
    if (stock === undefined) continue;
    tf.unregisterKernel(fast.kernelName, BACKEND);
    tf.registerKernel(wrap(fast, stock));
    stockConfigs.set(fast.kernelName, stock);
  }
}

/** Puts back the exact stock KernelConfig objects that installation replaced. */
export function uninstallFastCpuKernels(): void {
  for (const [name, stock] of stockConfigs) {
    tf.unregisterKernel(name, BACKEND);
    tf.registerKernel(stock);
  }
  stockConfigs.clear();
  counts.clear();
  releaseScratch();
}

/** True while any fast kernel is installed. */
export function fastCpuKernelsInstalled(): boolean {
  return stockConfigs.size > 0;
}

/**
 * The stock CPU KernelConfig for `kernelName`, whether or not the fast kernels are installed
 * (tests use it as the reference implementation).
 */
export function stockKernel(kernelName: string): tf.KernelConfig | undefined {
  return stockConfigs.get(kernelName) ?? tf.getKernel(kernelName, BACKEND);
}
