import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { tensorCustomGrad } from '../autodiff';

/**
 * Who the quantized tensor is, which fixes N in LSQ's gradient scale (methods.md 4.1, 4.3):
 * - `weight`: N = number of weights sharing one step size (the whole tensor per-tensor, the elements
 *   of one channel per-channel, as coremltools does);
 * - `activation`: N = number of features of ONE example sharing the step size, i.e. the batch axis
 *   (axis 0) is divided out. This is the reading written in LSQ ("features in the layer"); torch,
 *   zhutmost/lsq-net and coremltools use the whole batch tensor instead (g smaller by sqrt(batch)).
 *   [LAB] choice per methods.md 4.3.
 */
export type QuantRole = 'weight' | 'activation';

/**
 * How the step size (and offset) gradients are scaled (methods.md 4.1, 4.2, 4.3):
 * - `lsq`: g = 1 / sqrt(N * Q_P) (the default of LSQ and LSQ+);
 * - `none`: g = 1, the [OSC-code] route (separate small-lr optimizer for quantizer params instead);
 * - a positive number: that g.
 */
export type GradScaleMode = 'lsq' | 'none' | number;

/** LSQ's gradient-scale factor g = 1 / sqrt(N * Q_P) (methods.md 4.1). Dimensionless. */
export function lsqGradScaleFactor(count: number, qp: number): number {
  if (!(count > 0) || !(qp > 0) || !Number.isFinite(count) || !Number.isFinite(qp)) {
    throw new QuantError(`gradient scale needs N > 0 and Q_P > 0, got N = ${count}, Q_P = ${qp}`);
  }
  return 1 / Math.sqrt(count * qp);
}

/**
 * N of methods.md 4.1 for a tensor of `shape` whose step size has `paramSize` entries (1 per-tensor,
 * C per-channel): elements per step size, divided by the batch size (axis 0) for activations.
 * Shapes only: no device read, safe in the hot path.
 */
export function gradScaleCount(
  shape: readonly number[],
  paramSize: number,
  role: QuantRole,
): number {
  const size = shape.reduce((a, b) => a * b, 1);
  const batch = role === 'activation' && shape.length > 0 ? shape[0]! : 1;
  return size / paramSize / batch;
}

/** The g a {@link GradScaleMode} resolves to for a tensor of `shape` (methods.md 4.1). */
export function resolveGradScale(
  mode: GradScaleMode,
  shape: readonly number[],
  paramSize: number,
  role: QuantRole,
  qp: number,
): number {
  if (mode === 'lsq') return lsqGradScaleFactor(gradScaleCount(shape, paramSize, role), qp);
  if (mode === 'none') return 1;
  if (!(mode > 0) || !Number.isFinite(mode)) {
    throw new QuantError(`a fixed gradient scale must be a finite number > 0, got ${mode}`);
  }
  return mode;
}

/**
 * Identity in the forward pass, gradient multiplied by `g` in the backward pass (methods.md 4.1:
 * "scaling only the backward of s, value unchanged"). LSQ and LSQ+ apply it to s and beta before the
 * quantizer kernel, so the kernel itself returns the unscaled gradients of methods.md 4.1 / 4.2.
 */
export function gradScale(t: tf.Tensor, g: number): tf.Tensor {
  if (g === 1) return t;
  const op = tensorCustomGrad(([input]) => ({
    // clone: the output must be a tensor of its own for the gradient tape.
    value: tf.clone(input!),
    gradFunc: (dy) => [tf.mul(dy, g)],
  }));
  return op(t);
}
