import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { assertBits } from '../quant/bits';
import { OSCILLATION_MAX_BITS } from './constants';

export { OSCILLATION_MAX_BITS };

/**
 * The freezing state of one weight tensor (methods.md 5.4): `frozen` is a float32 0/1 mask (1 =
 * frozen, never cleared) and `frozenInt` the integer each frozen weight is held at (meaningless
 * where `frozen` is 0). Both have the weight's shape.
 */
export interface FreezingMasks {
  readonly frozen: tf.Tensor;
  readonly frozenInt: tf.Tensor;
}

/** Whether a weight quantizer of `bits` bits gets an oscillation tracker (methods.md 5.1). */
export function shouldTrackOscillations(bits: number, maxBits = OSCILLATION_MAX_BITS): boolean {
  assertBits(bits);
  return bits <= maxBits;
}

/** Throw a QuantError unless `t` has exactly `shape` (a shape check only, no device read). */
export function assertSameShape(name: string, t: tf.Tensor, shape: readonly number[]): void {
  if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
    throw new QuantError(`${name} has shape [${t.shape}], expected [${shape}]`);
  }
}

function assertMasks(masks: FreezingMasks, shape: readonly number[]): void {
  assertSameShape('frozen', masks.frozen, shape);
  assertSameShape('frozenInt', masks.frozenInt, shape);
}

/**
 * Forward with freezing (methods.md 5.4, [OSC-code] `TrackOscillation.__call__`):
 * `w_int = (1 - frozen) * w_int + frozen * frozen_int`. Use it on the STE integer weights inside
 * the training forward: frozen entries then get no task gradient (the factor 1 - frozen is 0),
 * while s still gets gradient through `s * w_int`. `masks = null` (no tracker, or freezing never
 * active) returns a copy of `wInt`. Returns a new tensor the caller owns.
 */
export function applyFreezing(wInt: tf.Tensor, masks: FreezingMasks | null): tf.Tensor {
  if (masks === null) return tf.clone(wInt);
  assertMasks(masks, wInt.shape);
  return tf.tidy(() => {
    const w = wInt.toFloat();
    const keep = tf.sub(1, masks.frozen);
    return tf.add(tf.mul(keep, w), tf.mul(masks.frozen, masks.frozenInt));
  });
}

/**
 * [LAB] Zero the gradient of frozen latent weights: `g * (1 - frozen)`. Not in the official code,
 * where frozen latent weights still see weight decay and the dampening pull towards
 * `s * frozen_int` (harmless, since the forward no longer uses them). Use it when the lab should
 * also keep the latent weight of a frozen entry still, e.g. for a clean latent-weight histogram.
 */
export function maskFrozenGradient(grad: tf.Tensor, frozen: tf.Tensor): tf.Tensor {
  assertSameShape('frozen', frozen, grad.shape);
  return tf.tidy(() => tf.mul(grad, tf.sub(1, frozen)));
}

/**
 * [LAB] Latent weights with frozen entries written back onto their grid point:
 * `w' = (1 - frozen) * w + frozen * s * frozen_int`, `s` a scalar or per-channel scale that
 * broadcasts against `w`. The official code never rewrites latent weights; use this to export or
 * plot latent weights that agree with what the frozen forward computes.
 */
export function writeBackFrozen(w: tf.Tensor, s: tf.Tensor, masks: FreezingMasks): tf.Tensor {
  assertMasks(masks, w.shape);
  return tf.tidy(() => {
    const target = tf.mul(s, masks.frozenInt);
    return tf.add(tf.mul(tf.sub(1, masks.frozen), w), tf.mul(masks.frozen, target));
  });
}
