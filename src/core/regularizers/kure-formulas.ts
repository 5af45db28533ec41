import { KURTOSIS_UNIFORM } from '../stats/kurtosis-constants';

/** KURE's defaults and formula strings (kure.ts); no tfjs, so the UI can import them. */

/** Defaults of every reported KURE experiment (methods.md 3.2: [KURE-supp] Tables 1-4, README). */
export const KURE_DEFAULTS = {
  /** Loss weight lambda (dimensionless). */
  lambda: 1.0,
  /** Target kurtosis K_T: the uniform distribution's 1.8. */
  target: KURTOSIS_UNIFORM,
} as const;

/** The loss as implemented, for the UI (methods.md 3.1; code "avg" mode). */
export const KURE_FORMULA =
  'R_KURE = lambda * (1/L) * sum_{l=1..L} (Kurt[W_l] - K_T)^2, ' +
  `lambda = ${KURE_DEFAULTS.lambda}, K_T = ${KURE_DEFAULTS.target}, ` +
  'layers: every conv incl. depthwise except the first conv; dense layers not regularised';

/** LaTeX variant of {@link KURE_FORMULA}. */
export const KURE_LATEX =
  '\\mathcal{R}_{\\mathrm{KURE}} = \\lambda\\,\\frac{1}{L}\\sum_{l=1}^{L}' +
  '\\left(\\operatorname{Kurt}[W_l] - K_T\\right)^2';
