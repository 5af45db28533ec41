import * as tf from '@tensorflow/tfjs';
import {
  attrsOf,
  channelsLast,
  cpuBackend,
  defaultRounding,
  f32,
  type FastKernel,
  type KernelArgs,
  output,
  scratch64,
  sizeOf,
  unitDilation,
} from './kernel-utils';

type ConvInfo = tf.backend_util.Conv2DInfo;
type Shape4 = [number, number, number, number];
type DepthwiseAttrs =
  | tf.DepthwiseConv2dNativeAttrs
  | tf.DepthwiseConv2dNativeBackpropFilterAttrs
  | tf.DepthwiseConv2dNativeBackpropInputAttrs;

// Depthwise convolutions do only outC multiply-adds per pixel and tap, too little for a GEMM to
// pay off, so they are direct loops. Output channel o = c*mult + q reads input channel c, as
// in tfjs.

function depthwiseInfo(xShape: number[], filterShape: number[], attrs: DepthwiseAttrs) {
  const format = 'dataFormat' in attrs ? attrs.dataFormat : undefined;
  if (!channelsLast(format) || !unitDilation(attrs.dilations)) return null;
  if (!defaultRounding(attrs.dimRoundingMode)) return null;
  if (xShape.length !== 4 || filterShape.length !== 4 || xShape[3] !== filterShape[2]) return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    1,
    attrs.pad,
    undefined,
    true,
  );
  const empty = sizeOf(info.inShape) === 0 || sizeOf(info.outShape) === 0;
  return empty || sizeOf(info.filterShape) === 0 ? null : info;
}

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

/** DepthwiseConv2dNative (tf.depthwiseConv2d). */
export const depthwiseConv2dKernel: FastKernel = {
  kernelName: tf.DepthwiseConv2dNative,
  run(args: KernelArgs) {
    const backend = cpuBackend(args);
    const { x, filter } = args.inputs;
    const xv = f32(backend, x);
    const wv = f32(backend, filter);
    if (!x || !filter || !xv || !wv) return null;
    const info = depthwiseInfo(x.shape, filter.shape, attrsOf<tf.DepthwiseConv2dNativeAttrs>(args));
    return info && output(backend, info.outShape, forward(xv, wv, info));
  },
};

/** DepthwiseConv2dNativeBackpropFilter: the filter gradient of a depthwise convolution. */
export const depthwiseBackpropFilterKernel: FastKernel = {
  kernelName: tf.DepthwiseConv2dNativeBackpropFilter,
  run(args: KernelArgs) {
    const backend = cpuBackend(args);
    const { x, dy } = args.inputs;
    const attrs = attrsOf<tf.DepthwiseConv2dNativeBackpropFilterAttrs>(args);
    const xv = f32(backend, x);
    const dyv = f32(backend, dy);
    if (!x || !dy || !xv || !dyv) return null;
    const info = depthwiseInfo(x.shape, attrs.filterShape, attrs);
    if (!info || !tf.util.arraysEqual(info.outShape, dy.shape)) return null;
    return output(backend, info.filterShape, filterGrad(xv, dyv, info));
  },
};

/** DepthwiseConv2dNativeBackpropInput: the input gradient of a depthwise convolution. */
export const depthwiseBackpropInputKernel: FastKernel = {
  kernelName: tf.DepthwiseConv2dNativeBackpropInput,
  run(args: KernelArgs) {
    const backend = cpuBackend(args);
    const { dy, filter } = args.inputs;
    const attrs = attrsOf<tf.DepthwiseConv2dNativeBackpropInputAttrs>(args);
    const dyv = f32(backend, dy);
    const wv = f32(backend, filter);
    if (!dy || !filter || !dyv || !wv) return null;
    const info = depthwiseInfo(attrs.inputShape, filter.shape, attrs);
    if (!info || !tf.util.arraysEqual(info.outShape, dy.shape)) return null;
    return output(backend, info.inShape, inputGrad(dyv, wv, info));
  },
};
