/** Constants and formula strings of the kurtosis estimator (kurtosis.ts); no tfjs, so the UI can import them. */

/**
 * Added to sigma so a (nearly) constant layer gives a finite kurtosis (methods.md 3.3). Dimensionless
 * guard in weight units; 1e-8 is below float32 resolution for any trained layer (std ~1e-2), so it
 * changes no realistic value. The reference code has no eps.
 */
export const KURTOSIS_EPS = 1e-8;

/** Kurtosis of a uniform distribution: KURE's default target K_T (methods.md 3.1). */
export const KURTOSIS_UNIFORM = 1.8;

/** Kurtosis of a Gaussian, for plot reference lines. */
export const KURTOSIS_GAUSSIAN = 3;

/** The estimator as implemented, for the UI (methods.md 3.1). */
export const KURTOSIS_FORMULA =
  'Kurt[W] = mean_i(((w_i - mu) / sigma)^4), mu = mean_i(w_i), ' +
  `sigma = sqrt(sum_i (w_i - mu)^2 / (N - 1)) + eps, eps = ${KURTOSIS_EPS}, over all N elements of W`;

/** LaTeX variant of {@link KURTOSIS_FORMULA}. */
export const KURTOSIS_LATEX =
  '\\operatorname{Kurt}[W] = \\frac{1}{N}\\sum_{i=1}^{N}\\left(\\frac{w_i-\\mu}{\\sigma}\\right)^{4},\\quad ' +
  '\\mu = \\frac{1}{N}\\sum_{i} w_i,\\quad ' +
  '\\sigma = \\sqrt{\\frac{1}{N-1}\\sum_{i}(w_i-\\mu)^2} + \\epsilon';
