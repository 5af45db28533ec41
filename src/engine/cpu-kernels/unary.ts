import * as tf from '@tensorflow/tfjs';
import { defineKernel } from './define-kernel';
import type { FastKernel } from './kernel-utils';

// The stock unary kernels call the op through a closure shared by every unary kernel, so each
// element pays a polymorphic call, and Math.max compiles to branches that activations (half
// positive, half negative, at random) mispredict half the time. These loops are branch-free on
// the common path ((v + |v|) / 2 is exactly max(0, v) for finite v, +(v > 0) is a flag) and
// take a rarely used, well-predicted branch for NaN and -Infinity, so results are bit-identical
// to the stock kernels: NaN stays NaN, -0 and -Infinity give +0.

function unaryKernel<Attrs>(
  name: string,
  apply: (x: Float32Array, y: Float32Array, attrs: Attrs) => void,
): FastKernel {
  return defineKernel({
    name,
    inputs: ['x'],
    compute({ x }, attrs: Attrs) {
      const y = new Float32Array(x.values.length);
      apply(x.values, y, attrs);
      return { shape: x.shape, values: y };
    },
  });
}

/** Relu, Relu6 and Step on float32. */
export const unaryKernels: readonly FastKernel[] = [
  unaryKernel(tf.Relu, (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const r = (v + Math.abs(v)) * 0.5; // NaN only for NaN and -Infinity
      y[i] = r === r ? r : v !== v ? v : 0;
    }
  }),
  unaryKernel(tf.Relu6, (x, y) => {
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      const r = (v + Math.abs(v)) * 0.5;
      y[i] = r < 6 ? r : r === r ? 6 : v !== v ? v : 0;
    }
  }),
  unaryKernel(tf.Step, (x, y, { alpha }: tf.StepAttrs) => {
    if (alpha === 0) {
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        y[i] = v === v ? +(v > 0) : NaN;
      }
      return;
    }
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      y[i] = v > 0 ? 1 : v !== v ? NaN : alpha;
    }
  }),
];
