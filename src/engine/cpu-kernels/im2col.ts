import type * as tf from '@tensorflow/tfjs';

type ConvInfo = tf.backend_util.Conv2DInfo;

/**
 * Copies the receptive fields of output pixels `m0 .. m0+m` (flattened over batch, row, column)
 * into the row-major patch matrix `dst` [m, K]: element k = (kh*filterWidth + kw)*inChannels + c
 * of a row, the order of the NHWC filter's first three axes. Padding positions are zero.
 */
export function im2col(
  x: Float32Array,
  info: ConvInfo,
  m0: number,
  m: number,
  dst: Float32Array,
): void {
  const { outHeight, outWidth } = info;
  const K = info.filterHeight * info.filterWidth * info.inChannels;
  let ow = m0 % outWidth;
  let oh = Math.floor(m0 / outWidth) % outHeight;
  let b = Math.floor(m0 / (outWidth * outHeight));
  for (let r = 0; r < m; r++) {
    patchRow(x, info, b, oh, ow, dst, r * K);
    if (++ow === outWidth) {
      ow = 0;
      if (++oh === outHeight) {
        oh = 0;
        b++;
      }
    }
  }
}

function patchRow(
  x: Float32Array,
  info: ConvInfo,
  b: number,
  oh: number,
  ow: number,
  dst: Float32Array,
  d: number,
): void {
  const { inHeight, inWidth, inChannels: C, filterHeight, filterWidth } = info;
  const ih0 = oh * info.strideHeight - info.padInfo.top;
  const iw0 = ow * info.strideWidth - info.padInfo.left;
  const span = filterWidth * C;
  // In NHWC the taps kw = 0..filterWidth-1 of one filter row are adjacent pixels, so an
  // unclipped filter row is one contiguous run of filterWidth*C values.
  const inside = iw0 >= 0 && iw0 + filterWidth <= inWidth;
  for (let kh = 0; kh < filterHeight; kh++, d += span) {
    const ih = ih0 + kh;
    if (ih < 0 || ih >= inHeight) {
      dst.fill(0, d, d + span);
      continue;
    }
    const src = ((b * inHeight + ih) * inWidth + iw0) * C;
    if (inside) {
      for (let k = 0; k < span; k++) dst[d + k] = x[src + k];
      continue;
    }
    for (let kw = 0; kw < filterWidth; kw++) {
      const iw = iw0 + kw;
      const ok = iw >= 0 && iw < inWidth;
      for (let c = kw * C; c < (kw + 1) * C; c++) dst[d + c] = ok ? x[src + c] : 0;
    }
  }
}

/**
 * The adjoint of `im2col` for a row-major patch matrix of float64 gradients `cols` [m, K]:
 * adds every patch element back onto the input pixel it was copied from (padding dropped).
 */
export function col2imAdd(
  cols: Float64Array,
  info: ConvInfo,
  m0: number,
  m: number,
  dx: Float32Array,
): void {
  const { outHeight, outWidth, inHeight, inWidth, inChannels: C, filterHeight, filterWidth } = info;
  const K = filterHeight * filterWidth * C;
  let ow = m0 % outWidth;
  let oh = Math.floor(m0 / outWidth) % outHeight;
  let b = Math.floor(m0 / (outWidth * outHeight));
  for (let r = 0; r < m; r++) {
    const ih0 = oh * info.strideHeight - info.padInfo.top;
    const iw0 = ow * info.strideWidth - info.padInfo.left;
    for (let kh = 0; kh < filterHeight; kh++) {
      const ih = ih0 + kh;
      if (ih < 0 || ih >= inHeight) continue;
      for (let kw = 0; kw < filterWidth; kw++) {
        const iw = iw0 + kw;
        if (iw < 0 || iw >= inWidth) continue;
        const dst = ((b * inHeight + ih) * inWidth + iw) * C;
        const src = r * K + (kh * filterWidth + kw) * C;
        for (let c = 0; c < C; c++) dx[dst + c] += cols[src + c];
      }
    }
    if (++ow === outWidth) {
      ow = 0;
      if (++oh === outHeight) {
        oh = 0;
        b++;
      }
    }
  }
}

/** True when the patch matrix is the input itself: 1x1 filter, stride 1, no padding. */
export function isPointwise(info: ConvInfo): boolean {
  return (
    info.filterHeight === 1 &&
    info.filterWidth === 1 &&
    info.strideHeight === 1 &&
    info.strideWidth === 1 &&
    info.padInfo.top === 0 &&
    info.padInfo.left === 0 &&
    info.outHeight === info.inHeight &&
    info.outWidth === info.inWidth
  );
}

/** Rows per tile so a tile of `rowLength` floats per row stays around 32 KB (in L1/L2). */
export function tileRows(rowLength: number, total: number): number {
  const rows = Math.max(4, Math.floor(8192 / Math.max(1, rowLength)) & ~3);
  return Math.min(rows, total);
}
