import * as tf from '@tensorflow/tfjs';
import {
  attrsOf,
  cpuBackend,
  f32,
  type FastKernel,
  type KernelArgs,
  output,
  scratch64,
} from './kernel-utils';

// The stock FusedBatchNorm wraps four parameter indices with modulo checks and takes a square
// root for every element. When every parameter is a per-channel vector (or a scalar), the
// whole op is one multiply-add per element with a per-channel factor computed once.

/** Values of an optional parameter as a per-channel reader, or null if unsupported. */
function channelParam(
  backend: tf.MathBackendCPU,
  t: tf.TensorInfo | undefined,
  channels: number,
  fallback: number,
): ((c: number) => number) | null {
  if (t === undefined) return () => fallback;
  const v = f32(backend, t);
  if (v === null) return null;
  if (v.length === 1) return () => v[0];
  return v.length === channels ? (c) => v[c] : null;
}

/** FusedBatchNorm (tf.batchNorm) for per-channel or scalar mean, variance, scale and offset. */
export const batchNormKernel: FastKernel = {
  kernelName: tf.FusedBatchNorm,
  run(args: KernelArgs) {
    const backend = cpuBackend(args);
    const { x, mean, variance, scale, offset } = args.inputs;
    const xv = f32(backend, x);
    if (!x || !xv || x.shape.length === 0 || xv.length === 0) return null;
    const C = x.shape[x.shape.length - 1];
    const m = channelParam(backend, mean, C, 0);
    const v = channelParam(backend, variance, C, 1);
    const s = channelParam(backend, scale, C, 1);
    const o = channelParam(backend, offset, C, 0);
    if (!mean || !variance || !m || !v || !s || !o) return null;
    const epsilon = attrsOf<tf.FusedBatchNormAttrs>(args).varianceEpsilon ?? 0.001;
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
    return output(backend, x.shape, y);
  },
};
