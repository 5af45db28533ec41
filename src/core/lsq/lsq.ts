import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { intGrid, type GridMode, type IntGrid } from '../quant/grid';
import { gradScale, resolveGradScale, type GradScaleMode, type QuantRole } from './grad-scale';
import { assertQuantShapes, lsqKernel } from './ste-kernel';

/**
 * The two grids LSQ and LSQ+ use (methods.md 4.1, 4.2): `signed-full` [-2^(b-1), 2^(b-1) - 1] for
 * weights and signed activations, `unsigned` [0, 2^b - 1] for post-ReLU activations. The narrow signed
 * range of early LSQ arXiv versions is not offered.
 */
export type LsqGridMode = Extract<GridMode, 'unsigned' | 'signed-full'>;

/** Integer grid of an LSQ quantizer: n = -Q_N, p = Q_P (methods.md 4.1), via quant/grid.ts. */
export function lsqGrid(bits: number, mode: LsqGridMode): IntGrid {
  if (mode !== 'unsigned' && mode !== 'signed-full') {
    throw new QuantError(`LSQ uses the 'unsigned' or 'signed-full' grid, got '${String(mode)}'`);
  }
  return intGrid(bits, mode);
}

/** Options of {@link lsqFakeQuant}. */
export interface LsqOptions {
  /** Bit width b, an integer from 2 to 8. */
  bits: number;
  /** `signed-full` for weights, `unsigned` for post-ReLU activations (methods.md 4.1). */
  grid: LsqGridMode;
  /** Fixes N of the gradient scale: per-weight count or per-example feature count (methods.md 4.3). */
  role: QuantRole;
  /** Gradient scale on s; default `lsq`, g = 1 / sqrt(N * Q_P) (methods.md 4.1). */
  gradScale?: GradScaleMode;
}

/**
 * LSQ fake-quantizer (methods.md 4.1): v_hat = s * round(clip(v / s, -Q_N, Q_P)), straight-through
 * gradients dv = 1 strictly inside the clip range and 0 outside, ds = round(v/s) - v/s inside, -Q_N at
 * or below the lower edge, Q_P at or above the upper edge, then multiplied by g.
 *
 * The gradient scale is a separate identity op on s (grad-scale.ts `gradScale`) applied before the
 * kernel, so the value of s is untouched and only its backward is scaled.
 *
 * @param x tensor to quantize (weights in TF.js layout, or activations with the batch on axis 0)
 * @param s learnable step size, in x's units: rank 0 (per-tensor) or keepDims per-channel shape
 *   (e.g. [1, 1, 1, C] for a conv kernel); a tf.Variable to train it
 * @returns x_hat, x's shape; inside a tf.grads / optimizer scope, gradients reach x and s
 */
export function lsqFakeQuant(x: tf.Tensor, s: tf.Tensor, options: LsqOptions): tf.Tensor {
  const grid = lsqGrid(options.bits, options.grid);
  assertQuantShapes(x, s, null);
  const g = resolveGradScale(options.gradScale ?? 'lsq', x.shape, s.size, options.role, grid.p);
  return tf.tidy(() => lsqKernel(x, gradScale(s, g), null, grid));
}
