import { addAll } from '../add-all';
import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { linfR2 } from './r2-linf';
import { marginR2 } from './r2-margin';
import { softMinMaxR2 } from './r2-soft-min-max';
import { assertFiniteAtLeast } from './validate';

export { R2_DEFAULTS } from './r2-constants';

/**
 * R2 total (methods.md 2.1, 2.3, 2.4): L = L_task + (lambda * ramp(step) / L) * sum_l R(W_l), one
 * term per layer of r2LayerSelection (layers.ts). Normalising by the layer count L is the [LAB] reading of
 * 2.3 (the paper's sum vs mean is [R2-recall]), so lambda carries over between models.
 */

/** The three R2 variants of methods.md 2.1. */
export type R2Variant = 'linf' | 'margin' | 'soft-min-max';

/** lambda values to sweep per variant ([LAB], methods.md 2.3). */
export const R2_LAMBDA_SWEEP: Readonly<Record<R2Variant, readonly number[]>> = {
  linf: [1e-4, 1e-3, 1e-2, 1e-1],
  'soft-min-max': [1e-4, 1e-3, 1e-2, 1e-1],
  margin: [1e-3, 1e-2, 1e-1, 1],
};

/** One layer's R2 variant and its learnable parameter (a one-element tf.Variable). */
export type R2LayerSpec =
  | { variant: 'linf' }
  | { variant: 'margin'; margin: tf.Tensor; hingePower?: number }
  | { variant: 'soft-min-max'; aRaw: tf.Tensor; scaleByStd?: boolean };

/** R(W_l) of one layer for the given variant (see linfR2, marginR2, softMinMaxR2). */
export function r2LayerTerm(w: tf.Tensor, spec: R2LayerSpec): tf.Scalar {
  switch (spec.variant) {
    case 'linf':
      return linfR2(w);
    case 'margin':
      return marginR2(w, spec.margin, { hingePower: spec.hingePower });
    case 'soft-min-max':
      return softMinMaxR2(w, spec.aRaw, { scaleByStd: spec.scaleByStd });
  }
}

/**
 * (lambda * rampFactor / L) * sum_l terms[l]: the R2 part of the loss (methods.md 2.3, 2.4).
 * Does not dispose `terms`. Hot-path safe.
 * @throws QuantError for no terms, lambda < 0 or non-finite, or rampFactor outside [0, 1].
 */
export function r2Total(terms: readonly tf.Scalar[], lambda: number, rampFactor = 1): tf.Scalar {
  assertFiniteAtLeast(lambda, 0, 'R2 lambda');
  if (!Number.isFinite(rampFactor) || rampFactor < 0 || rampFactor > 1) {
    throw new QuantError(`R2 ramp factor must be in [0, 1], got ${rampFactor}`);
  }
  if (terms.length === 0) {
    throw new QuantError('R2 needs at least one regularised layer; none was given');
  }
  return tf.tidy(() => tf.mul(addAll(terms), (lambda * rampFactor) / terms.length) as tf.Scalar);
}
