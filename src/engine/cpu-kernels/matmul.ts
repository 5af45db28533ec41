import * as tf from '@tensorflow/tfjs';
import { defineKernel } from './define-kernel';
import { multiply } from './gemm';
import { sizeOf } from './kernel-utils';

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
export const batchMatMulKernel = defineKernel({
  name: tf.BatchMatMul,
  inputs: ['a', 'b'],
  compute({ a, b }, { transposeA, transposeB }: tf.BatchMatMulAttrs) {
    if (a.shape.length < 2 || b.shape.length < 2) return null;
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
      multiply(M, N, K, a.values, i * aStep, ai, ap, b.values, i * bStep, bj, bp, target);
    }
    return { shape: [...outer, M, N], values: out };
  },
});
