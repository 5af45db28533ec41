import * as tf from '@tensorflow/tfjs';
import { type ConvFamily, filterGradKernel, forwardKernel, inputGradKernel } from './conv-kernels';
import { type ConvInfo, scratch64, sizeOf } from './kernel-utils';

// Depthwise convolutions do only outC multiply-adds per pixel and tap, too little for a GEMM to
// pay off, so they are direct loops. Output channel o = c*mult + q reads input channel c, as
// in tfjs.

/** Which tensor a loop nest accumulates into; the other two are read. */
type Mode = 'forward' | 'filterGrad' | 'inputGrad';

/**
 * One loop nest for all three kernels: output row, filter tap, then the tap's valid output
 * columns, which form one range, so the inner loops carry no bounds checks.
 *   forward:     y[pixel, o]     += x[tap pixel, o/mult] * w[tap, o]
 *   filterGrad:  dw[tap, o]      += x[tap pixel, o/mult] * dy[pixel, o]
 *   inputGrad:   dx[tap pixel, o/mult] += dy[pixel, o] * w[tap, o]
 * `x` is the input (or dx), `y` the output (or dy), `w` the filter (or dw).
 */
function depthwiseLoops(
  mode: Mode,
  info: ConvInfo,
  x: Float32Array,
  y: Float32Array,
  w: Float32Array | Float64Array,
): void {
  const { inHeight, inWidth, inChannels, outHeight, outWidth, outChannels: O } = info;
  const { filterHeight, filterWidth, strideHeight: sH, strideWidth: sW } = info;
  const { top, left } = info.padInfo;
  const mult = O / inChannels;
  for (let b = 0; b < info.batchSize; b++) {
    for (let oh = 0; oh < outHeight; oh++) {
      const yRow = (b * outHeight + oh) * outWidth * O;
      for (let kh = 0; kh < filterHeight; kh++) {
        const ih = oh * sH + kh - top;
        if (ih < 0 || ih >= inHeight) continue;
        const xRow = (b * inHeight + ih) * inWidth * inChannels;
        for (let kw = 0; kw < filterWidth; kw++) {
          const owMin = Math.max(0, Math.ceil((left - kw) / sW));
          const owMax = Math.min(outWidth, Math.ceil((inWidth + left - kw) / sW));
          const t = (kh * filterWidth + kw) * O;
          const xs = xRow + (owMin * sW + kw - left) * inChannels;
          if (mult === 1) {
            columns(mode, owMax - owMin, O, x, xs, sW * O, y, yRow + owMin * O, w, t);
            continue;
          }
          for (let ow = owMin; ow < owMax; ow++) {
            const xi = xs + (ow - owMin) * sW * inChannels;
            channelsMult(mode, mult, O, x, xi, y, yRow + ow * O, w, t);
          }
        }
      }
    }
  }
}

/**
 * One filter tap over `count` output columns with channel multiplier 1: column k reads the
 * channel vector at xs + k*xStep and writes the one at ys + k*O. Channel-outer order keeps the
 * tap's weight (or, for the filter gradient, its running sum) in a register.
 */
function columns(
  mode: Mode,
  count: number,
  O: number,
  x: Float32Array,
  xs: number,
  xStep: number,
  y: Float32Array,
  ys: number,
  w: Float32Array | Float64Array,
  t: number,
): void {
  for (let c = 0; c < O; c++) {
    let xi = xs + c;
    let yi = ys + c;
    if (mode === 'filterGrad') {
      let sum = 0;
      for (let k = 0; k < count; k++, xi += xStep, yi += O) sum += x[xi] * y[yi];
      w[t + c] += sum;
    } else if (mode === 'forward') {
      const wc = w[t + c];
      for (let k = 0; k < count; k++, xi += xStep, yi += O) y[yi] += x[xi] * wc;
    } else {
      const wc = w[t + c];
      for (let k = 0; k < count; k++, xi += xStep, yi += O) x[xi] += y[yi] * wc;
    }
  }
}

/** The channel loop for a channel multiplier above 1 (output channel o reads input o/mult). */
function channelsMult(
  mode: Mode,
  mult: number,
  O: number,
  x: Float32Array,
  xi: number,
  y: Float32Array,
  yi: number,
  w: Float32Array | Float64Array,
  t: number,
): void {
  for (let o = 0; o < O; o++) {
    const c = xi + ((o / mult) | 0);
    if (mode === 'forward') y[yi + o] += x[c] * w[t + o];
    else if (mode === 'filterGrad') w[t + o] += x[c] * y[yi + o];
    else x[c] += y[yi + o] * w[t + o];
  }
}

function forward(x: Float32Array, w: Float32Array, info: ConvInfo): Float32Array {
  // At most kh*kw float32 additions per output: summing straight into y is accurate enough.
  const y = new Float32Array(sizeOf(info.outShape));
  depthwiseLoops('forward', info, x, y, w);
  return y;
}

function filterGrad(x: Float32Array, dy: Float32Array, info: ConvInfo): Float32Array {
  const size = sizeOf(info.filterShape);
  // Each filter element sums over every pixel of the batch: accumulate in float64.
  const acc = scratch64('dw.dw', size).fill(0, 0, size);
  depthwiseLoops('filterGrad', info, x, dy, acc);
  return Float32Array.from(acc.subarray(0, size));
}

function inputGrad(dy: Float32Array, w: Float32Array, info: ConvInfo): Float32Array {
  const dx = new Float32Array(sizeOf(info.inShape));
  depthwiseLoops('inputGrad', info, dx, dy, w);
  return dx;
}

const DEPTHWISE: ConvFamily = { depthwise: true, forward, filterGrad, inputGrad };

/** DepthwiseConv2dNative (tf.depthwiseConv2d). */
export const depthwiseConv2dKernel = forwardKernel(tf.DepthwiseConv2dNative, DEPTHWISE);

/** DepthwiseConv2dNativeBackpropFilter: the filter gradient of a depthwise convolution. */
export const depthwiseBackpropFilterKernel = filterGradKernel(
  tf.DepthwiseConv2dNativeBackpropFilter,
  DEPTHWISE,
);

/** DepthwiseConv2dNativeBackpropInput: the input gradient of a depthwise convolution. */
export const depthwiseBackpropInputKernel = inputGradKernel(
  tf.DepthwiseConv2dNativeBackpropInput,
  DEPTHWISE,
);
