import * as tf from '@tensorflow/tfjs';
import { defineKernel, type Operand } from './define-kernel';
import {
  channelsLast,
  type ConvInfo,
  defaultRounding,
  type FastKernel,
  type Shape4,
  sizeOf,
  unitDilation,
} from './kernel-utils';

// Conv2D and the depthwise convolution share their geometry and the shape of their three
// kernels (forward, filter gradient, input gradient); only the loops behind them differ.

/** The loops of one convolution family on NHWC tensors. */
export interface ConvFamily {
  /** Depthwise filters are [kh, kw, inC, multiplier] rather than HWIO. */
  depthwise: boolean;
  forward(x: Float32Array, w: Float32Array, info: ConvInfo): Float32Array;
  filterGrad(x: Float32Array, dy: Float32Array, info: ConvInfo): Float32Array;
  inputGrad(dy: Float32Array, w: Float32Array, info: ConvInfo): Float32Array;
}

/** The attributes that set a convolution's geometry (gradient kernels have no dilations). */
type GeometryAttrs = Pick<tf.Conv2DAttrs, 'strides' | 'pad' | 'dimRoundingMode'> &
  Partial<Pick<tf.Conv2DAttrs, 'dataFormat' | 'dilations'>>;

/** Geometry of a supported call, or null for anything left to the stock kernel. */
export function convGeometry(
  xShape: number[],
  filterShape: number[],
  attrs: GeometryAttrs,
  depthwise: boolean,
): ConvInfo | null {
  if (!channelsLast(attrs.dataFormat) || !unitDilation(attrs.dilations)) return null;
  if (!defaultRounding(attrs.dimRoundingMode)) return null;
  if (xShape.length !== 4 || filterShape.length !== 4 || xShape[3] !== filterShape[2]) return null;
  const info = tf.backend_util.computeConv2DInfo(
    xShape as Shape4,
    filterShape as Shape4,
    attrs.strides,
    1,
    attrs.pad,
    undefined,
    depthwise,
    'channelsLast',
  );
  const empty = sizeOf(info.inShape) === 0 || sizeOf(info.outShape) === 0;
  return empty || sizeOf(info.filterShape) === 0 ? null : info;
}

/** Geometry of a gradient call, also null when dy is not shaped like the forward output. */
function gradGeometry(
  xShape: number[],
  filterShape: number[],
  attrs: GeometryAttrs,
  family: ConvFamily,
  dy: Operand,
): ConvInfo | null {
  const info = convGeometry(xShape, filterShape, attrs, family.depthwise);
  return info && tf.util.arraysEqual(info.outShape, dy.shape) ? info : null;
}

/** The forward kernel of `family`: y from x and the filter. */
export function forwardKernel(name: string, family: ConvFamily): FastKernel {
  return defineKernel({
    name,
    inputs: ['x', 'filter'],
    compute({ x, filter }, attrs: GeometryAttrs) {
      const info = convGeometry(x.shape, filter.shape, attrs, family.depthwise);
      if (!info) return null;
      return { shape: info.outShape, values: family.forward(x.values, filter.values, info) };
    },
  });
}

/** The filter-gradient kernel of `family`: dw from x and dy. */
export function filterGradKernel(name: string, family: ConvFamily): FastKernel {
  return defineKernel({
    name,
    inputs: ['x', 'dy'],
    compute({ x, dy }, attrs: GeometryAttrs & { filterShape: number[] }) {
      const info = gradGeometry(x.shape, attrs.filterShape, attrs, family, dy);
      if (!info) return null;
      return { shape: info.filterShape, values: family.filterGrad(x.values, dy.values, info) };
    },
  });
}

/** The input-gradient kernel of `family`: dx from dy and the filter. */
export function inputGradKernel(name: string, family: ConvFamily): FastKernel {
  return defineKernel({
    name,
    inputs: ['dy', 'filter'],
    compute({ dy, filter }, attrs: GeometryAttrs & { inputShape: number[] }) {
      const info = gradGeometry(attrs.inputShape, filter.shape, attrs, family, dy);
      if (!info) return null;
      return { shape: info.inShape, values: family.inputGrad(dy.values, filter.values, info) };
    },
  });
}
