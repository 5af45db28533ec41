import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FAST_KERNEL_NAMES,
  fastCpuKernelsInstalled,
  fastKernelCounts,
  installFastCpuKernels,
  stockKernel,
  uninstallFastCpuKernels,
} from '../../../src/engine/cpu-kernels/index';

const originals = new Map<string, tf.KernelConfig>();

beforeAll(async () => {
  await tf.setBackend('cpu');
  uninstallFastCpuKernels();
  for (const name of FAST_KERNEL_NAMES) originals.set(name, tf.getKernel(name, 'cpu'));
});
afterAll(() => uninstallFastCpuKernels());

describe('installFastCpuKernels', () => {
  it('covers the kernels that dominate CNN training', () => {
    for (const name of [
      tf.Conv2D,
      tf.Conv2DBackpropFilter,
      tf.Conv2DBackpropInput,
      tf.DepthwiseConv2dNative,
      tf.DepthwiseConv2dNativeBackpropFilter,
      tf.DepthwiseConv2dNativeBackpropInput,
      tf.MaxPool,
      tf.MaxPoolGrad,
      tf.Multiply,
      tf.Sum,
      tf.Mean,
    ]) {
      expect(FAST_KERNEL_NAMES).toContain(name);
    }
  });

  it('replaces every kernel and is idempotent', () => {
    installFastCpuKernels();
    const installed = FAST_KERNEL_NAMES.map((name) => tf.getKernel(name, 'cpu'));
    installFastCpuKernels();
    expect(fastCpuKernelsInstalled()).toBe(true);
    FAST_KERNEL_NAMES.forEach((name, i) => {
      expect(tf.getKernel(name, 'cpu')).toBe(installed[i]);
      expect(tf.getKernel(name, 'cpu')).not.toBe(originals.get(name));
      expect(stockKernel(name)).toBe(originals.get(name));
    });
  });

  it('uninstall restores the exact stock configs, and is idempotent', () => {
    installFastCpuKernels();
    uninstallFastCpuKernels();
    uninstallFastCpuKernels();
    expect(fastCpuKernelsInstalled()).toBe(false);
    for (const name of FAST_KERNEL_NAMES) {
      expect(tf.getKernel(name, 'cpu')).toBe(originals.get(name));
      expect(stockKernel(name)).toBe(originals.get(name));
    }
    expect(fastKernelCounts()).toEqual({});
  });

  it('can install a subset for bisecting, replacing a previous set', () => {
    installFastCpuKernels();
    installFastCpuKernels([tf.Conv2D]);
    expect(tf.getKernel(tf.Conv2D, 'cpu')).not.toBe(originals.get(tf.Conv2D));
    expect(tf.getKernel(tf.Multiply, 'cpu')).toBe(originals.get(tf.Multiply));
    uninstallFastCpuKernels();
    expect(tf.getKernel(tf.Conv2D, 'cpu')).toBe(originals.get(tf.Conv2D));
  });

  it('leaves the other backends alone', () => {
    const before = tf.getKernelsForBackend('webgl').map((k) => k.kernelFunc);
    installFastCpuKernels();
    expect(tf.getKernelsForBackend('webgl').map((k) => k.kernelFunc)).toEqual(before);
    uninstallFastCpuKernels();
  });

  it('counts fast paths and fallbacks', () => {
    installFastCpuKernels();
    const x = tf.ones([1, 5, 5, 2]) as tf.Tensor4D;
    const w = tf.ones([3, 3, 2, 1]) as tf.Tensor4D;
    tf.conv2d(x, w, 1, 'same').dispose();
    tf.conv2d(x, w, 1, 'same', 'NHWC', 2).dispose();
    expect(fastKernelCounts()[tf.Conv2D]).toEqual({ fast: 1, fallback: 1 });
    tf.dispose([x, w]);
    uninstallFastCpuKernels();
  });
});
