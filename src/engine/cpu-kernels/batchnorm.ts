import * as tf from '@tensorflow/tfjs';
import { defineKernel, type Operand } from './define-kernel';
import { scratch64 } from './kernel-utils';

// The stock FusedBatchNorm wraps four parameter indices with modulo checks and takes a square
// root for every element. When every parameter is a per-channel vector (or a scalar), the
// whole op is one multiply-add per element with a per-channel factor computed once.

/** An optional parameter as a per-channel reader, or null if its length fits neither form. */
function channelParam(
  t: Operand | undefined,
  channels: number,
  fallback: number,
): ((c: number) => number) | null {
  if (t === undefined) return () => fallback;
  const v = t.values;
  if (v.length === 1) return () => v[0];
  return v.length === channels ? (c) => v[c] : null;
}

/** FusedBatchNorm (tf.batchNorm) for per-channel or scalar mean, variance, scale and offset. */
export const batchNormKernel = defineKernel({
  name: tf.FusedBatchNorm,
  inputs: ['x', 'mean', 'variance'],
  optional: ['scale', 'offset'],
  compute({ x, mean, variance, scale, offset }, attrs: tf.FusedBatchNormAttrs) {
    const xv = x.values;
    if (x.shape.length === 0 || xv.length === 0) return null;
    const C = x.shape[x.shape.length - 1];
    const m = channelParam(mean, C, 0);
    const v = channelParam(variance, C, 1);
    const s = channelParam(scale, C, 1);
    const o = channelParam(offset, C, 0);
    if (!m || !v || !s || !o) return null;
    const epsilon = attrs.varianceEpsilon ?? 0.001;
    // y = offset + (x - mean) * scale / sqrt(variance + eps) = x * k + shift, per channel.
    const k = scratch64('bn.k', C);
    const shift = scratch64('bn.shift', C);
    for (let c = 0; c < C; c++) {
      k[c] = s(c) / Math.sqrt(v(c) + epsilon);
      shift[c] = o(c) - m(c) * k[c];
    }
    const y = new Float32Array(xv.length);
    for (let i = 0, c = 0; i < xv.length; i++) {
      y[i] = xv[i] * k[c] + shift[c];
      if (++c === C) c = 0;
    }
    return { shape: x.shape, values: y };
  },
});
