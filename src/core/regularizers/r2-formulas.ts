import { KURTOSIS_EPS } from '../stats/kurtosis-constants';
import { R2_DEFAULTS } from './r2-constants';
import { R2_RAMP_FORMULA, R2_RAMP_LATEX } from './r2-schedule';

/**
 * The R2 formulas exactly as implemented, for the UI to display "as implemented here" (methods.md 2).
 * Each says which parts are sourced, which are [R2-recall] reconstructions (no public code or equation
 * exists; methods.md 2 intro) and which are [LAB] choices. The strings embed the live defaults.
 */

/** Where a part of a formula comes from (methods.md source tags). */
export type FormulaSource = 'R2-abs' | 'R2-recall' | 'LAB';

/** One displayed formula. */
export interface FormulaDoc {
  /** Plain-text formula, ASCII only. */
  readonly plain: string;
  /** The same formula in LaTeX (KaTeX-compatible). */
  readonly latex: string;
  /** Sources of its parts, strongest first. */
  readonly sources: readonly FormulaSource[];
  /** What is sourced and what is reconstructed, in one or two sentences. */
  readonly provenance: string;
}

const q = R2_DEFAULTS.hingePower;
const t0 = R2_DEFAULTS.initTemperature;

/** L-inf R2 (methods.md 2.1). */
export const LINF_R2_FORMULA = 'R_inf(W) = max_i |w_i|';

/** Margin R2 (methods.md 2.1, 2.3); q is the hinge-power setting. */
export const MARGIN_R2_FORMULA = `R_m(W, M) = sum_i relu(|w_i| - |M|)^q + M^2, q = ${q}, M init = max_i |w_i|`;

/** Soft-Min-Max R2 (methods.md 2.1, 2.2), with the std-scaled temperature. */
export const SOFT_MIN_MAX_R2_FORMULA =
  'R_smm(W, a_raw) = sum_i w_i softmax(a W)_i - sum_i w_i softmax(-a W)_i + e^(-t), ' +
  `t = softplus(a_raw), a = t / (std(W) + ${KURTOSIS_EPS}) (std over N - 1), t init = ${t0}`;

/** Total loss with the R2 part (methods.md 2.3, 2.4). */
export const R2_TOTAL_FORMULA = 'L = L_task + (lambda * ramp(step) / L) * sum_{l=1..L} R(W_l)';

/** All R2 formulas with LaTeX and provenance, keyed by part. */
export const R2_FORMULAS: Readonly<Record<string, FormulaDoc>> = {
  linf: {
    plain: LINF_R2_FORMULA,
    latex: 'R_{\\infty}(W) = \\max_i |w_i|',
    sources: ['R2-abs', 'LAB'],
    provenance:
      'Sourced: L-inf penalises max|w| of each layer. [LAB]: on ties the sub-gradient sign(w) is split evenly over the tied weights.',
  },
  margin: {
    plain: MARGIN_R2_FORMULA,
    latex: `R_m(W, M) = \\sum_i \\operatorname{relu}(|w_i| - |M|)^{${q}} + M^2`,
    sources: ['R2-abs', 'R2-recall', 'LAB'],
    provenance:
      'Sourced: one learnable margin per layer; penalises the margin width and every weight outside it. [R2-recall]: the hinge power q, sum over weights, M^2. [LAB]: q as a setting, M init = max|W|.',
  },
  'soft-min-max': {
    plain: SOFT_MIN_MAX_R2_FORMULA,
    latex:
      'R_{smm}(W, a) = \\sum_i w_i\\,\\operatorname{softmax}(aW)_i - \\sum_i w_i\\,\\operatorname{softmax}(-aW)_i + e^{-t},' +
      '\\quad t = \\operatorname{softplus}(a_{raw}),\\ a = t / \\sigma(W)',
    sources: ['R2-abs', 'R2-recall', 'LAB'],
    provenance:
      'Sourced: one learnable temperature per layer and an e^{-alpha} term that vanishes in training. [R2-recall]: softmax-weighted soft max/min, unsquared range. [LAB]: a = softplus(a_raw)/std(W), e^{-t} on the dimensionless t, t init 5.',
  },
  total: {
    plain: R2_TOTAL_FORMULA,
    latex: 'L = L_{task} + \\frac{\\lambda\\,\\mathrm{ramp}(t)}{L}\\sum_{l=1}^{L} R(W_l)',
    sources: ['R2-abs', 'LAB'],
    provenance:
      'Sourced: one auxiliary loss per layer added to the task loss. [LAB]: divide by the layer count L; every conv, depthwise and dense kernel.',
  },
  ramp: {
    plain: R2_RAMP_FORMULA,
    latex: R2_RAMP_LATEX,
    sources: ['LAB'],
    provenance: '[LAB]: linear warm-up of the R2 weight over the first 5 % of steps.',
  },
};
