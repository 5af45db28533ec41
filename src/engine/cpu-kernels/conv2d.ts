import * as tf from '@tensorflow/tfjs';
import { type ConvFamily, filterGradKernel, forwardKernel, inputGradKernel } from './conv-kernels';
import { gemmNT, gemmTN } from './gemm';
import { col2imAdd, im2col, isPointwise, tileRows } from './im2col';
import { type ConvInfo, scratch32, scratch64, sizeOf } from './kernel-utils';

// All three convolution kernels are im2col + one GEMM over tiles of output pixels. With NHWC
// tensors and HWIO filters no data needs reordering: the patch matrix P [M, K] (M = pixels,
// K = kh*kw*inC) times the filter W [K, outC] is the output [M, outC] in NHWC order.
//   forward:        Y  = P  * W       (gemmNT against W transposed once per call)
//   filter grad:    dW = P^T * dY     (gemmTN straight on P and dY, summed in float64)
//   input grad:     dP = dY * W^T,    then col2im adds dP back onto dx
// 1x1 stride-1 unpadded convolutions skip im2col entirely (P is the input itself).

/** The NHWC convolution of x [N,H,W,inC] with an HWIO filter, as described by `info`. */
export function forward(x: Float32Array, w: Float32Array, info: ConvInfo): Float32Array {
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const N = info.outChannels;
  const M = info.batchSize * info.outHeight * info.outWidth;
  const wt = scratch32('conv.wt', N * K);
  for (let k = 0; k < K; k++) for (let n = 0; n < N; n++) wt[n * K + k] = w[k * N + n];
  const y = new Float32Array(M * N);
  const direct = isPointwise(info);
  const tile = tileRows(K, M);
  const cols = direct ? x : scratch32('conv.cols', tile * K);
  for (let m0 = 0; m0 < M; m0 += tile) {
    const m = Math.min(tile, M - m0);
    if (!direct) im2col(x, info, m0, m, cols);
    const target = { C: y, cOff: m0 * N, ldc: N, accumulate: false };
    gemmNT(m, N, K, cols, direct ? m0 * K : 0, K, wt, 0, K, target);
  }
  return y;
}

function filterGrad(x: Float32Array, dy: Float32Array, info: ConvInfo): Float32Array {
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const N = info.outChannels;
  const M = info.batchSize * info.outHeight * info.outWidth;
  const direct = isPointwise(info);
  const tile = tileRows(K + N, M);
  const cols = direct ? x : scratch32('conv.cols', tile * K);
  // Partial sums of all tiles go into one float64 accumulator.
  const acc = scratch64('conv.dw', K * N).fill(0, 0, K * N);
  const target = { C: acc, cOff: 0, ldc: N, accumulate: true };
  for (let m0 = 0; m0 < M; m0 += tile) {
    const m = Math.min(tile, M - m0);
    if (!direct) im2col(x, info, m0, m, cols);
    gemmTN(K, N, m, cols, direct ? m0 * K : 0, K, dy, m0 * N, N, target);
  }
  return Float32Array.from(acc.subarray(0, K * N));
}

/**
 * With stride 1 the input gradient is itself a convolution ("full" correlation of dy with the
 * filter flipped in space and with in/out channels swapped), so it runs as a forward pass:
 * long reductions (kh*kw*outC) and dx written once, with no scatter-add.
 */
function inputGradStride1(dy: Float32Array, w: Float32Array, info: ConvInfo): Float32Array {
  const { filterHeight: KH, filterWidth: KW, inChannels: C, outChannels: N } = info;
  const flipped = scratch32('conv.flipped', KH * KW * N * C);
  for (let kh = 0; kh < KH; kh++) {
    for (let kw = 0; kw < KW; kw++) {
      const src = ((KH - 1 - kh) * KW + (KW - 1 - kw)) * C * N;
      const dst = (kh * KW + kw) * N * C;
      for (let c = 0; c < C; c++) {
        for (let n = 0; n < N; n++) flipped[dst + n * C + c] = w[src + c * N + n];
      }
    }
  }
  const transposed: ConvInfo = {
    ...info,
    inHeight: info.outHeight,
    inWidth: info.outWidth,
    inChannels: N,
    outHeight: info.inHeight,
    outWidth: info.inWidth,
    outChannels: C,
    padInfo: { ...info.padInfo, top: KH - 1 - info.padInfo.top, left: KW - 1 - info.padInfo.left },
  };
  return forward(dy, flipped, transposed);
}

function inputGrad(dy: Float32Array, w: Float32Array, info: ConvInfo): Float32Array {
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  const N = info.outChannels;
  const M = info.batchSize * info.outHeight * info.outWidth;
  if (info.strideHeight === 1 && info.strideWidth === 1 && !isPointwise(info)) {
    return inputGradStride1(dy, w, info);
  }
  const dx = new Float32Array(sizeOf(info.inShape));
  if (isPointwise(info)) {
    // dx is the patch-matrix gradient itself: write it in place.
    gemmNT(M, K, N, dy, 0, N, w, 0, N, { C: dx, cOff: 0, ldc: K, accumulate: false });
    return dx;
  }
  const tile = tileRows(K, M);
  const dcols = scratch64('conv.dcols', tile * K);
  const target = { C: dcols, cOff: 0, ldc: K, accumulate: false };
  for (let m0 = 0; m0 < M; m0 += tile) {
    const m = Math.min(tile, M - m0);
    gemmNT(m, K, N, dy, m0 * N, N, w, 0, N, target);
    col2imAdd(dcols, info, m0, m, dx);
  }
  return dx;
}

const CONV2D: ConvFamily = { depthwise: false, forward, filterGrad, inputGrad };

/** Conv2D (also what tf.conv2d without bias runs). */
export const conv2DKernel = forwardKernel(tf.Conv2D, CONV2D);

/** Conv2DBackpropFilter: the filter gradient of a convolution. */
export const conv2DBackpropFilterKernel = filterGradKernel(tf.Conv2DBackpropFilter, CONV2D);

/** Conv2DBackpropInput: the input gradient of a convolution (also tf.conv2dTranspose). */
export const conv2DBackpropInputKernel = inputGradKernel(tf.Conv2DBackpropInput, CONV2D);
