// The matrix-multiply micro-kernels behind the convolutions. Each 4x4 block of C is summed in
// 16 local variables, so the inner loop does 8 loads for 16 multiply-adds and stays in
// registers; plain JS reaches ~2 GMAC/s this way, against ~0.5 for a naive triple loop. C is
// written once per block (never inside the reduction loop), which is why it can be float32 (an
// output written in place) or float64 (a sum carried across tiles) without slowing the loop.

/** Result matrix: rows of C start at cOff + i*ldc. */
export interface Target {
  C: Float32Array | Float64Array;
  cOff: number;
  ldc: number;
  /** Add to C (true) or overwrite it (false). */
  accumulate: boolean;
}

function store(t: Target, c: number, v: number): void {
  if (t.accumulate) t.C[c] += v;
  else t.C[c] = v;
}

/** A product of two matrices each stored with a leading dimension (row stride) of its own. */
type Gemm = (
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  aOff: number,
  lda: number,
  B: Float32Array,
  bOff: number,
  ldb: number,
  target: Target,
) => void;

/**
 * C[i, j] (+)= sum_p A[aOff + i*lda + p] * B[bOff + j*ldb + p] for i < M, j < N, p < K:
 * C = A * B^T with the reduction index contiguous in both operands.
 */
export const gemmNT: Gemm = (M, N, K, A, aOff, lda, B, bOff, ldb, target) =>
  // In A*B^T the step along p is 1 in both operands; rows (i, j) step by lda and ldb.
  multiply(M, N, K, A, aOff, lda, 1, B, bOff, ldb, 1, target);

/**
 * C[i, j] (+)= sum_p A[aOff + p*lda + i] * B[bOff + p*ldb + j] for i < M, j < N, p < K:
 * C = A^T * B with both operands stored reduction-row by reduction-row (e.g. a filter
 * gradient: patch matrix [pixels, K] transposed times output gradient [pixels, outC]).
 */
export const gemmTN: Gemm = (M, N, K, A, aOff, lda, B, bOff, ldb, target) =>
  multiply(M, N, K, A, aOff, 1, lda, B, bOff, 1, ldb, target);

/**
 * The general form: C[i, j] (+)= sum_p A[aOff + i*ai + p*ap] * B[bOff + j*bj + p*bp], so either
 * operand may be stored transposed (e.g. a matMul with transposeA/transposeB).
 */
export function multiply(
  M: number,
  N: number,
  K: number,
  A: Float32Array,
  aOff: number,
  ai: number,
  ap: number,
  B: Float32Array,
  bOff: number,
  bj: number,
  bp: number,
  t: Target,
): void {
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  for (let i = 0; i < M4; i += 4) {
    for (let j = 0; j < N4; j += 4) {
      block4x4(K, A, aOff + i * ai, ai, ap, B, bOff + j * bj, bj, bp, t, t.cOff + i * t.ldc + j);
    }
    for (let j = N4; j < N; j++) {
      for (let r = i; r < i + 4; r++) dot(K, A, aOff + r * ai, ap, B, bOff + j * bj, bp, t, r, j);
    }
  }
  for (let i = M4; i < M; i++) {
    for (let j = 0; j < N; j++) dot(K, A, aOff + i * ai, ap, B, bOff + j * bj, bp, t, i, j);
  }
}

function block4x4(
  K: number,
  A: Float32Array,
  a0: number,
  ai: number,
  ap: number,
  B: Float32Array,
  b0: number,
  bj: number,
  bp: number,
  t: Target,
  c: number,
): void {
  let c00 = 0,
    c01 = 0,
    c02 = 0,
    c03 = 0,
    c10 = 0,
    c11 = 0,
    c12 = 0,
    c13 = 0;
  let c20 = 0,
    c21 = 0,
    c22 = 0,
    c23 = 0,
    c30 = 0,
    c31 = 0,
    c32 = 0,
    c33 = 0;
  const ai2 = 2 * ai;
  const ai3 = 3 * ai;
  const bj2 = 2 * bj;
  const bj3 = 3 * bj;
  for (let p = 0, a = a0, b = b0; p < K; p++, a += ap, b += bp) {
    const x0 = A[a];
    const x1 = A[a + ai];
    const x2 = A[a + ai2];
    const x3 = A[a + ai3];
    const y0 = B[b];
    const y1 = B[b + bj];
    const y2 = B[b + bj2];
    const y3 = B[b + bj3];
    c00 += x0 * y0;
    c01 += x0 * y1;
    c02 += x0 * y2;
    c03 += x0 * y3;
    c10 += x1 * y0;
    c11 += x1 * y1;
    c12 += x1 * y2;
    c13 += x1 * y3;
    c20 += x2 * y0;
    c21 += x2 * y1;
    c22 += x2 * y2;
    c23 += x2 * y3;
    c30 += x3 * y0;
    c31 += x3 * y1;
    c32 += x3 * y2;
    c33 += x3 * y3;
  }
  const l = t.ldc;
  storeRow(t, c, c00, c01, c02, c03);
  storeRow(t, c + l, c10, c11, c12, c13);
  storeRow(t, c + 2 * l, c20, c21, c22, c23);
  storeRow(t, c + 3 * l, c30, c31, c32, c33);
}

function storeRow(t: Target, c: number, v0: number, v1: number, v2: number, v3: number): void {
  store(t, c, v0);
  store(t, c + 1, v1);
  store(t, c + 2, v2);
  store(t, c + 3, v3);
}

/** One element of C: the ragged edges when fewer than 4 rows or columns are left. */
function dot(
  K: number,
  A: Float32Array,
  a: number,
  ap: number,
  B: Float32Array,
  b: number,
  bp: number,
  t: Target,
  i: number,
  j: number,
): void {
  let s = 0;
  for (let p = 0; p < K; p++, a += ap, b += bp) s += A[a] * B[b];
  store(t, t.cOff + i * t.ldc + j, s);
}
