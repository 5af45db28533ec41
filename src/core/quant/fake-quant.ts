import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import type { IntGrid } from './grid';
import type { QuantParams } from './params';

/**
 * Straight-through estimator as implemented (methods.md 1.4): the forward pass quantizes, the backward
 * pass is the gradient of clip(x, s(n - z), s(p - z)).
 */
export const STE_FORMULA =
  'd x_hat / d x = 1 if s * (n - z) <= x <= s * (p - z) (bounds included), else 0';

/**
 * Integer codes before clamping, as floats: x / s + z (methods.md 1.1). The latent position of each
 * weight on the integer axis; the histogram metric bins it. No device read.
 */
export function latentIntegers(x: tf.Tensor, params: QuantParams): tf.Tensor {
  assertBroadcastable(x, params);
  return tf.tidy(() => tf.add(tf.div(x, params.scale), params.zeroPoint));
}

/**
 * Integer codes x_int = clamp(round(x / s) + z, n, p) as an int32 tensor (methods.md 1.1), for the
 * histogram and for export. tf.round rounds half to even. No device read.
 */
export function integerCodes(x: tf.Tensor, params: QuantParams): tf.Tensor {
  assertBroadcastable(x, params);
  return tf.tidy(() =>
    tf.cast(codesFloat(x, params.scale, params.zeroPoint, params.grid), 'int32'),
  );
}

/**
 * Quantize-dequantize without a custom gradient: x_hat = s * (x_int - z) (methods.md 1.1). Used by the
 * range search and PTQ, where no gradient is needed (tf.round's own gradient is zero).
 */
export function quantizeDequantize(
  x: tf.Tensor,
  scale: tf.Tensor,
  zeroPoint: tf.Tensor,
  grid: IntGrid,
): tf.Tensor {
  return tf.tidy(() => tf.mul(scale, tf.sub(codesFloat(x, scale, zeroPoint, grid), zeroPoint)));
}

/**
 * Float clipping range [s (n - z), s (p - z)] of a calibrated quantizer, in weight units, with the
 * keepDims shape of the parameters.
 */
export function clipRange(params: QuantParams): { lo: tf.Tensor; hi: tf.Tensor } {
  const { scale, zeroPoint, grid } = params;
  return tf.tidy(() => ({
    lo: tf.mul(scale, tf.sub(grid.n, zeroPoint)),
    hi: tf.mul(scale, tf.sub(grid.p, zeroPoint)),
  }));
}

/**
 * Fake quantization with a straight-through estimator (methods.md 1.1, 1.4), for the training hot
 * path: forward x_hat = s * (clamp(round(x / s) + z, n, p) - z); backward passes dy where x lies in
 * the clipping range [s (n - z), s (p - z)] (bounds included) and 0 outside.
 *
 * The mask is taken on the float x before rounding (LSQ's convention). [OSC-code] clamps after
 * rounding, so its gradient also passes for x up to half a step beyond the range; we follow
 * methods.md 1.4 ("identity inside the clipping range, zero outside").
 *
 * Scale and zero point are fixed here (set by calibration): they receive a zero gradient. Learnable
 * ranges are LSQ's job. Checks shapes only; no device read.
 */
export function fakeQuant(x: tf.Tensor, params: QuantParams): tf.Tensor {
  assertBroadcastable(x, params);
  const { grid } = params;
  const op = tf.customGrad(
    // tf.customGrad passes the inputs followed by the save function.
    (...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
      const [xIn, sIn, zIn, save] = args as [tf.Tensor, tf.Tensor, tf.Tensor, tf.GradSaveFunc];
      save([xIn, sIn, zIn]);
      return {
        value: quantizeDequantize(xIn, sIn, zIn, grid),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [xs, s, z] = saved as [tf.Tensor, tf.Tensor, tf.Tensor];
          const lo = tf.mul(s, tf.sub(grid.n, z));
          const hi = tf.mul(s, tf.sub(grid.p, z));
          const inside = tf.logicalAnd(tf.greaterEqual(xs, lo), tf.lessEqual(xs, hi));
          const dx = tf.where(inside, dy, tf.zerosLike(dy));
          return [dx, tf.zerosLike(s), tf.zerosLike(z)];
        },
      };
    },
  );
  return op(x, params.scale, params.zeroPoint);
}

function codesFloat(
  x: tf.Tensor,
  scale: tf.Tensor,
  zeroPoint: tf.Tensor,
  grid: IntGrid,
): tf.Tensor {
  return tf.clipByValue(tf.add(tf.round(tf.div(x, scale)), zeroPoint), grid.n, grid.p);
}

/** Shape-only check (hot path): the parameters must broadcast against x in keepDims layout. */
function assertBroadcastable(x: tf.Tensor, params: QuantParams): void {
  if (x.size === 0) throw new QuantError('cannot quantize an empty tensor');
  const shape = params.scale.shape;
  const ok = shape.length === x.rank && shape.every((size, i) => size === 1 || size === x.shape[i]);
  if (!ok || params.zeroPoint.shape.join() !== shape.join()) {
    throw new QuantError(
      `quantizer parameters of shape [${shape.join(', ')}] do not fit a tensor of shape ` +
        `[${x.shape.join(', ')}]; calibrate on a tensor of this shape`,
    );
  }
}
