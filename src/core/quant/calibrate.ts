import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { assertBits } from './bits';
import type { IntGrid } from './grid';
import { integerCodes } from './fake-quant';
import { reduceAxes } from './layout';
import {
  affineFromRange,
  DEFAULT_MSE_CANDIDATES,
  disposeParams,
  resolveGrid,
  scaleFromThreshold,
  type QuantizerConfig,
  type QuantParams,
} from './params';
import { maxAbsThreshold, minMaxRange } from './range-minmax';
import { mseRange, mseThreshold } from './range-mse';
import { inspectTensor } from './validate';

/**
 * Calibrate a quantizer on `x` (methods.md 1.1-1.3): pick the grid, the clipping range (min-max or
 * MSE search) and from it the scale and zero point, per tensor or per channel.
 *
 * Runs on a cadence (PTQ, range (re)estimation), not per training step: it reads two numbers from
 * the device to reject empty or non-finite input with a QuantError and to see whether min(x) >= 0
 * (for `unsignedWhenNonNegative`). The range search itself needs no read. An all-zero tensor gets
 * the scale floor (SCALE_FLOOR), never 0. The caller owns the returned tensors
 * ({@link disposeParams}).
 */
export function calibrate(x: tf.Tensor, config: QuantizerConfig): QuantParams {
  assertBits(config.bits);
  const axes = reduceAxes(x.shape, config.granularity, config.kind);
  const { min } = inspectTensor(x, 'weight tensor');
  return rangeParams(x, config, resolveGrid(config, min >= 0), axes);
}

/**
 * {@link calibrate} without any device read, for ranges recomputed every training step (methods.md
 * 1.1-1.3): checks bits and shapes only, so NaN/Inf in `x` are NOT caught here (validate on a
 * cadence with `inspectTensor`). The data-dependent unsigned switch needs a read and is refused.
 */
export function calibrateOnDevice(x: tf.Tensor, config: QuantizerConfig): QuantParams {
  assertBits(config.bits);
  if (config.unsignedWhenNonNegative === true && config.scheme === 'symmetric') {
    throw new QuantError('unsignedWhenNonNegative needs a device read; use calibrate()');
  }
  if (x.size === 0) throw new QuantError('cannot quantize an empty weight tensor');
  const axes = reduceAxes(x.shape, config.granularity, config.kind);
  return rangeParams(x, config, resolveGrid(config, false), axes);
}

/**
 * Scale and zero point for `x`. The range is a constant of the quantizer ([OSC-code] detaches its
 * range estimators), so it is computed inside a tf.customGrad whose gradient is zero: that keeps
 * the search off the gradient tape (argMin + gather have no usable gradient) when calibrateOnDevice
 * runs inside tf.grad.
 */
function rangeParams(
  x: tf.Tensor,
  config: QuantizerConfig,
  grid: IntGrid,
  axes: number[],
): QuantParams {
  const k = config.candidates ?? DEFAULT_MSE_CANDIDATES;
  const detached = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const xIn = args[0] as tf.Tensor;
    const shape = xIn.shape;
    const { scale, zeroPoint } = searchRange(xIn, config.scheme, config.range, grid, axes, k);
    return { value: tf.stack([scale, zeroPoint]), gradFunc: () => tf.zeros(shape) };
  });
  const [scale, zeroPoint] = tf.tidy(() => tf.unstack(detached(x))) as [tf.Tensor, tf.Tensor];
  return { grid, scale, zeroPoint, axes };
}

function searchRange(
  x: tf.Tensor,
  scheme: QuantizerConfig['scheme'],
  range: QuantizerConfig['range'],
  grid: IntGrid,
  axes: number[],
  k: number,
): { scale: tf.Tensor; zeroPoint: tf.Tensor } {
  if (scheme === 'symmetric') {
    const t = range === 'mse' ? mseThreshold(x, axes, grid, k) : maxAbsThreshold(x, axes);
    const s = scaleFromThreshold(t, grid);
    return { scale: s, zeroPoint: tf.zerosLike(s) };
  }
  const r = range === 'mse' ? mseRange(x, axes, grid, k) : minMaxRange(x, axes);
  return affineFromRange(r.lo, r.hi, grid);
}

/** A quantized tensor in plain arrays, for the histogram grid and for export. */
export interface QuantizedTensor {
  /** Integer codes x_int in [grid.n, grid.p], row-major in the tensor's shape. */
  codes: Int32Array;
  /** Step size per channel (one entry per-tensor), row-major over the channel axes. */
  scales: Float32Array;
  /** Zero point per channel in integer units (all 0 for the symmetric scheme). */
  zeroPoints: Int32Array;
  grid: IntGrid;
  shape: number[];
  /** Axes the parameters were reduced over; the others are the channel axes. */
  axes: number[];
}

/**
 * Integer codes, scales and zero points of `x` under `config` (methods.md 1.1): x is recovered as
 * scale * (code - zeroPoint). Cadence-time: reads the tensors back.
 */
export function quantizeToIntegers(x: tf.Tensor, config: QuantizerConfig): QuantizedTensor {
  const params = calibrate(x, config);
  try {
    const codes = tf.tidy(() => integerCodes(x, params));
    const zeroInt = tf.cast(params.zeroPoint, 'int32');
    const out: QuantizedTensor = {
      codes: codes.dataSync() as Int32Array,
      scales: params.scale.dataSync() as Float32Array,
      zeroPoints: zeroInt.dataSync() as Int32Array,
      grid: params.grid,
      shape: [...x.shape],
      axes: params.axes,
    };
    tf.dispose([codes, zeroInt]);
    return out;
  } finally {
    disposeParams(params);
  }
}
