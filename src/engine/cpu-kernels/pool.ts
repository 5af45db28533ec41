import * as tf from '@tensorflow/tfjs';
import { defineKernel } from './define-kernel';
import {
  type ConvInfo,
  defaultRounding,
  scratch32,
  scratch64,
  type Shape4,
  sizeOf,
} from './kernel-utils';

// Max pooling on NHWC as direct loops with the channel vector innermost. The stock kernels walk
// channel-outermost through TensorBuffer.get; the gradient additionally re-scans every window
// once per input pixel.

function poolInfo(shape: number[], attrs: tf.MaxPoolAttrs): ConvInfo | null {
  if (shape.length !== 4 || !defaultRounding(attrs.dimRoundingMode)) return null;
  const info = tf.backend_util.computePool2DInfo(
    shape as Shape4,
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
  );
  // The stock kernel returns its input unchanged for a 1x1 identity pool: leave that to it.
  const identity =
    info.filterHeight === 1 &&
    info.filterWidth === 1 &&
    tf.util.arraysEqual(info.inShape, info.outShape);
  return identity || sizeOf(info.outShape) === 0 ? null : info;
}

/**
 * Max pooling forward, and with `dx` given its gradient as well. Windows are scanned row by row,
 * left to right, keeping strictly greater values from -Infinity, exactly like the stock kernels:
 * ties go to the first maximum and NaNs are never picked. The gradient of an output goes to the
 * input position of that first maximum (none if the window holds no value above -Infinity).
 */
function maxPool(
  x: Float32Array,
  info: ConvInfo,
  y: Float32Array,
  grad?: { dy: Float32Array; dx: Float32Array },
): void {
  const { inHeight, inWidth, inChannels: C, outHeight, outWidth } = info;
  const { strideHeight, strideWidth, filterHeight, filterWidth } = info;
  const where = scratch64('pool.where', C);
  y.fill(-Infinity);
  let yOff = 0;
  for (let b = 0; b < info.batchSize; b++) {
    const xb = b * inHeight * inWidth * C;
    for (let oh = 0; oh < outHeight; oh++) {
      const rs = oh * strideHeight - info.padInfo.top;
      const r0 = Math.max(0, rs);
      const r1 = Math.min(inHeight, rs + filterHeight);
      for (let ow = 0; ow < outWidth; ow++, yOff += C) {
        const cs = ow * strideWidth - info.padInfo.left;
        const c0 = Math.max(0, cs);
        const c1 = Math.min(inWidth, cs + filterWidth);
        where.fill(-1, 0, C);
        for (let ih = r0; ih < r1; ih++) {
          for (let iw = c0; iw < c1; iw++) {
            const xOff = xb + (ih * inWidth + iw) * C;
            for (let c = 0; c < C; c++) {
              const v = x[xOff + c];
              if (v > y[yOff + c]) {
                y[yOff + c] = v;
                where[c] = xOff + c;
              }
            }
          }
        }
        if (grad) {
          for (let c = 0; c < C; c++) if (where[c] >= 0) grad.dx[where[c]] += grad.dy[yOff + c];
        }
      }
    }
  }
}

/** MaxPool (tf.maxPool). */
export const maxPoolKernel = defineKernel({
  name: tf.MaxPool,
  inputs: ['x'],
  compute({ x }, attrs: tf.MaxPoolAttrs) {
    const info = poolInfo(x.shape, attrs);
    if (!info) return null;
    const y = new Float32Array(sizeOf(info.outShape));
    maxPool(x.values, info, y);
    return { shape: info.outShape, values: y };
  },
});

/** MaxPoolGrad: routes each output gradient to the first maximum of its window. */
export const maxPoolGradKernel = defineKernel({
  name: tf.MaxPoolGrad,
  inputs: ['dy', 'input'],
  compute({ dy, input }, attrs: tf.MaxPoolGradAttrs) {
    const info = poolInfo(input.shape, attrs);
    if (!info || !tf.util.arraysEqual(info.outShape, dy.shape)) return null;
    // Like the stock kernel, find the maxima from the input (the running maxima go to scratch).
    const size = sizeOf(info.outShape);
    const y = scratch32('pool.max', size).subarray(0, size);
    const dx = new Float32Array(sizeOf(info.inShape));
    maxPool(input.values, info, y, { dy: dy.values, dx });
    return { shape: info.inShape, values: dx };
  },
});
