/** The quantizers' constants and formula strings, tfjs-free so the UI and exporters can read them. */
import { SCALE_FLOOR } from './scale-floor';

/** The scale floor as the formulas write it (SCALE_FLOOR = 2^-23). */
const FLOOR = `2^${Math.log2(SCALE_FLOOR)}`;

/** Number of MSE range candidates K ([OSC-code] `num_candidates=100`, methods.md 1.3). */
export const DEFAULT_MSE_CANDIDATES = 100;

/** Plain-text formulas of the symmetric scheme, as implemented (methods.md 1.1). */
export const SYMMETRIC_FORMULA = `s = max(t / p, ${FLOOR}); x_int = clamp(round_half_even(x / s), n, p); x_hat = s * x_int`;
/** Plain-text formulas of the asymmetric scheme, as implemented (methods.md 1.1). */
export const ASYMMETRIC_FORMULA =
  `lo = min(x_min, 0), hi = max(x_max, 0); s = max((hi - lo) / (2^b - 1), ${FLOOR}); ` +
  'z = clamp(round(-lo / s), 0, 2^b - 1); x_int = clamp(round(x / s) + z, 0, 2^b - 1); ' +
  'x_hat = s * (x_int - z)';

/** Symmetric MSE search as implemented (methods.md 1.3, [LAB] T = max|x|, no range margin). */
export const MSE_SYMMETRIC_FORMULA =
  't* = argmin_{t_k} sum (x - Q(x; t_k))^2, t_k = (k / K) * max|x|, k = 1..K (K = 100)';

/** Asymmetric MSE search as implemented (methods.md 1.3, [OSC-code] 2-D grid). */
export const MSE_ASYMMETRIC_FORMULA =
  '[lo, hi]* = argmin sum (x - Q(x; lo, hi))^2 over r_k = (k / K) * max|x|, k = 1..K, ' +
  'j = -(J - 1)..(J - 1), J = 2^b / 4, d = 2 r_k / (2^b - 1): ' +
  'lo = max(-r_k + j d, min(x_min, 0)), hi = min(r_k + j d, max(x_max, 0))';
