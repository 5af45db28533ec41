import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { intGrid, type IntGrid } from './grid';
import { SCALE_FLOOR } from './scale-floor';

export { ASYMMETRIC_FORMULA, DEFAULT_MSE_CANDIDATES, SYMMETRIC_FORMULA } from './formulas';
import type { Granularity, LayerKind } from './layout';

/** Symmetric (zero point 0, signed grid) or asymmetric (affine, unsigned grid) - methods.md 1.1. */
export type QuantScheme = 'symmetric' | 'asymmetric';

/** Signed grid a symmetric quantizer uses (methods.md 1.1 table). */
export type SignedGrid = 'signed-full' | 'signed-narrow';

/** How the clipping range is chosen (methods.md 1.3). */
export type RangeMethod = 'min-max' | 'mse';

/** Everything that defines one uniform quantizer (methods.md 1.1-1.3). */
export interface QuantizerConfig {
  /** Bit width b, an integer in 2..8. */
  bits: number;
  scheme: QuantScheme;
  /**
   * Grid of the symmetric scheme; default 'signed-full' ([OSC-code] `SymmetricUniformQuantizer`).
   * Ignored by the asymmetric scheme, which always uses the unsigned grid.
   */
  signedGrid?: SignedGrid;
  /**
   * Symmetric scheme only: use the unsigned grid [0, 2^b - 1] (s = t / (2^b - 1)) when the tensor's
   * minimum is >= 0, as [OSC-code] does (`signed = x_min.min() < 0`, one decision per tensor even when
   * per-channel). Default false: the grid then never depends on the data, which is what the UI shows.
   */
  unsignedWhenNonNegative?: boolean;
  granularity: Granularity;
  /** Layer kind; required for per-channel (it names the channel axes). */
  kind?: LayerKind;
  range: RangeMethod;
  /** MSE candidates K (default 100). */
  candidates?: number;
}

/**
 * A calibrated quantizer: fixed ranges, ready for the hot path. `scale` and `zeroPoint` have the
 * keepDims shape of the tensor they were calibrated on (1 on reduced axes), so they broadcast.
 * The caller owns both tensors (dispose with {@link disposeParams}).
 */
export interface QuantParams {
  /** Integer grid [n, p]. */
  grid: IntGrid;
  /** Step size s > 0 in weight units, one per channel (or one in total). */
  scale: tf.Tensor;
  /** Zero point z in integer units (an integer in [n, p]; 0 for the symmetric scheme). */
  zeroPoint: tf.Tensor;
  /** Axes the statistics were reduced over (every axis for per-tensor). */
  axes: number[];
}

/** Grid of the asymmetric scheme, or of the symmetric one given the sign of the data. */
export function resolveGrid(config: QuantizerConfig, nonNegative: boolean): IntGrid {
  if (config.scheme === 'asymmetric') return intGrid(config.bits, 'unsigned');
  if (config.unsignedWhenNonNegative === true && nonNegative) {
    return intGrid(config.bits, 'unsigned');
  }
  return intGrid(config.bits, config.signedGrid ?? 'signed-full');
}

/**
 * Scale of a symmetric quantizer with clipping threshold `t` (methods.md 1.1): s = t / p, floored at
 * {@link SCALE_FLOOR}. Works for the unsigned grid too ([OSC-code]: s = t / (2^b - 1) there).
 */
export function scaleFromThreshold(t: tf.Tensor, grid: IntGrid): tf.Tensor {
  return tf.tidy(() => tf.maximum(tf.div(t, grid.p), SCALE_FLOOR));
}

/**
 * Scale and zero point of an asymmetric quantizer for the range [lo, hi] (methods.md 1.1):
 * s = (hi - lo) / (p - n), z = clamp(round(-lo / s), n, p). `lo <= 0 <= hi` is expected.
 */
export function affineFromRange(
  lo: tf.Tensor,
  hi: tf.Tensor,
  grid: IntGrid,
): { scale: tf.Tensor; zeroPoint: tf.Tensor } {
  return tf.tidy(() => {
    const scale = tf.maximum(tf.div(tf.sub(hi, lo), grid.p - grid.n), SCALE_FLOOR);
    const zeroPoint = tf.clipByValue(tf.round(tf.div(tf.neg(lo), scale)), grid.n, grid.p);
    return { scale, zeroPoint };
  });
}

/** Throw a QuantError unless K is a positive integer. */
export function assertCandidates(k: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new QuantError(`MSE candidates must be a positive integer, got ${k}`);
  }
}

/** Dispose the tensors of a calibrated quantizer. */
export function disposeParams(params: QuantParams): void {
  tf.dispose([params.scale, params.zeroPoint]);
}
