import * as tf from '@tensorflow/tfjs';
import { multiply } from './gemm';
import {
  attrsOf,
  cpuBackend,
  f32,
  type FastKernel,
  type KernelArgs,
  output,
  sizeOf,
} from './kernel-utils';

// BatchMatMul (dense layers and their gradients). The stock kernel is blocked but indexes every
// operand element with three multiplications and accumulates in float32 between blocks; the
// register-blocked GEMM of the convolutions runs it about three times faster.

/** Output batch dims when they need no real broadcasting (equal, or one side all ones). */
function outerShape(aOuter: number[], bOuter: number[]): number[] | null {
  if (tf.util.arraysEqual(aOuter, bOuter)) return aOuter;
  if (sizeOf(aOuter) === 1 && aOuter.length <= bOuter.length) return bOuter;
  if (sizeOf(bOuter) === 1 && bOuter.length <= aOuter.length) return aOuter;
  return null;
}

/** BatchMatMul (tf.matMul) on float32, either operand optionally transposed. */
export const batchMatMulKernel: FastKernel = {
  kernelName: tf.BatchMatMul,
  run(args: KernelArgs) {
    const backend = cpuBackend(args);
    const { a, b } = args.inputs;
    const av = f32(backend, a);
    const bv = f32(backend, b);
    if (!a || !b || !av || !bv || a.shape.length < 2 || b.shape.length < 2) return null;
    const { transposeA, transposeB } = attrsOf<tf.BatchMatMulAttrs>(args);
    const [a0, a1] = a.shape.slice(-2);
    const [b0, b1] = b.shape.slice(-2);
    const [M, K] = transposeA ? [a1, a0] : [a0, a1];
    const [kb, N] = transposeB ? [b1, b0] : [b0, b1];
    const outer = outerShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    if (K !== kb || outer === null) return null;
    const batch = sizeOf(outer);
    const aStep = sizeOf(a.shape) === M * K ? 0 : M * K;
    const bStep = sizeOf(b.shape) === K * N ? 0 : K * N;
    const out = new Float32Array(batch * M * N);
    for (let i = 0; i < batch; i++) {
      const target = { C: out, cOff: i * M * N, ldc: N, accumulate: false };
      // Element (m, k) of A and (k, n) of B, wherever the transpose flags put them.
      const [ai, ap] = transposeA ? [1, M] : [K, 1];
      const [bj, bp] = transposeB ? [K, 1] : [1, N];
      multiply(M, N, K, av, i * aStep, ai, ap, bv, i * bStep, bj, bp, target);
    }
    return output(backend, [...outer, M, N], out);
  },
};
