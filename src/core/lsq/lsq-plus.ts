import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { gradScale, resolveGradScale, type GradScaleMode, type QuantRole } from './grad-scale';
import { lsqGrid } from './lsq';
import { assertQuantShapes, lsqKernel } from './ste-kernel';

export { LSQ_PLUS_CONFIGS, type LsqPlusConfig, type LsqPlusConfigSpec } from './configs';
import { LSQ_PLUS_CONFIGS, type LsqPlusConfig, type LsqPlusConfigSpec } from './configs';

/** Look up a configuration, with a QuantError for an unknown name (e.g. from untyped input). */
export function lsqPlusConfigSpec(config: LsqPlusConfig): LsqPlusConfigSpec {
  if (!Object.hasOwn(LSQ_PLUS_CONFIGS, config)) {
    throw new QuantError(`unknown LSQ+ configuration '${String(config)}'`);
  }
  return LSQ_PLUS_CONFIGS[config];
}

/** The learnable tensors of one LSQ+ quantizer; `beta` is null for the symmetric configurations. */
export interface LsqPlusTensors {
  /** Step size s > 0 in x's units, rank 0 or keepDims per-channel. */
  s: tf.Tensor;
  /** Offset beta in x's units, same shape as s; null when the configuration fixes beta = 0. */
  beta: tf.Tensor | null;
}

/** Options of {@link lsqPlusFakeQuant}. */
export interface LsqPlusOptions {
  /** Bit width b, an integer from 2 to 8. */
  bits: number;
  /** Which of the four configurations (grid, learnable beta). Weights use `signed-symmetric`. */
  config: LsqPlusConfig;
  /** Fixes N of the gradient scale (methods.md 4.3). */
  role: QuantRole;
  /** Gradient scale on s AND beta; default `lsq`, g = 1 / sqrt(N * p) (methods.md 4.2). */
  gradScale?: GradScaleMode;
}

/**
 * LSQ+ fake-quantizer (methods.md 4.2, 4.4): u = (x - beta) / s, x_bar = clamp(round(u), n, p),
 * x_hat = s * x_bar + beta. Straight-through gradients (strict interior n < u < p, see ste-kernel.ts):
 * dx = 1 inside / 0 outside; ds = round(u) - u inside, n at or below, p at or above; dbeta = 0 inside,
 * 1 outside. Both s and beta gradients are multiplied by the same g (methods.md 4.2, [LAB]-believed).
 *
 * Weights (methods.md 4.2): config `signed-symmetric`, role `weight`, s from `lsqPlusWeightInit`.
 * Activations: any config, role `activation`, (s, beta) from the min-max or MSE init.
 */
export function lsqPlusFakeQuant(
  x: tf.Tensor,
  params: LsqPlusTensors,
  options: LsqPlusOptions,
): tf.Tensor {
  const spec = lsqPlusConfigSpec(options.config);
  if (spec.learnBeta !== (params.beta !== null)) {
    throw new QuantError(
      spec.learnBeta
        ? `LSQ+ ${options.config} learns an offset: beta must be a tensor, got null`
        : `LSQ+ ${options.config} fixes beta = 0: pass beta = null`,
    );
  }
  const grid = lsqGrid(options.bits, spec.grid);
  const { s, beta } = params;
  assertQuantShapes(x, s, beta);
  const g = resolveGradScale(options.gradScale ?? 'lsq', x.shape, s.size, options.role, grid.p);
  return tf.tidy(() =>
    lsqKernel(x, gradScale(s, g), beta === null ? null : gradScale(beta, g), grid),
  );
}
