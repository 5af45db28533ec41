/**
 * The LSQ / LSQ+ formulas exactly as implemented in src/core/lsq, as plain text for the UI
 * (methods.md 4.1-4.4). Plain-text and LaTeX variants say the same thing.
 */

/** LSQ forward (methods.md 4.1). */
export const LSQ_FORWARD_FORMULA =
  'v_bar = round(clip(v / s, -Q_N, Q_P)), v_hat = s * v_bar; round = half to even; ' +
  'weights: Q_N = 2^(b-1), Q_P = 2^(b-1) - 1; post-ReLU activations: Q_N = 0, Q_P = 2^b - 1';

/** LSQ straight-through gradients (methods.md 4.1), before the gradient scale. */
export const LSQ_GRADIENT_FORMULA =
  'dv_hat/dv = 1 if -Q_N < v/s < Q_P, else 0; ' +
  'dv_hat/ds = round(v/s) - v/s if -Q_N < v/s < Q_P, -Q_N if v/s <= -Q_N, Q_P if v/s >= Q_P';

/** Gradient scale (methods.md 4.1, 4.3), applied to the backward of s (and beta) only. */
export const LSQ_GRAD_SCALE_FORMULA =
  'g = 1 / sqrt(N * Q_P); grad(s) <- g * grad(s), value of s unchanged; ' +
  'N = weights per step size (per tensor or per channel), or features per example for activations';

/** LSQ init (methods.md 4.1). */
export const LSQ_INIT_FORMULA = 's_init = 2 * mean(|v|) / sqrt(Q_P)';

/** LSQ+ forward (methods.md 4.2). */
export const LSQ_PLUS_FORWARD_FORMULA =
  'u = (x - beta) / s, x_bar = clamp(round(u), n, p), x_hat = s * x_bar + beta';

/** LSQ+ straight-through gradients (methods.md 4.2, 4.4; strict interior everywhere, see ste-kernel.ts). */
export const LSQ_PLUS_GRADIENT_FORMULA =
  'dx_hat/dx = 1 if n < u < p, else 0; ' +
  'dx_hat/ds = round(u) - u if n < u < p, n if u <= n, p if u >= p; ' +
  'dx_hat/dbeta = 0 if n < u < p, else 1; grad(s) and grad(beta) both times g = 1 / sqrt(N * p)';

/** LSQ+ weight init (methods.md 4.2). */
export const LSQ_PLUS_WEIGHT_INIT_FORMULA =
  's_init = max(|mu - 3 sigma|, |mu + 3 sigma|) / 2^(b-1), beta = 0; ' +
  'mu, sigma (N - 1) of the weight tensor or of each output channel';

/** LSQ+ activation min-max init (methods.md 4.2; symmetric configs are [LAB]). */
export const LSQ_PLUS_MINMAX_INIT_FORMULA =
  'asymmetric: s_init = (max(x) - min(x)) / (p - n), beta_init = min(x) - n * s_init; ' +
  'symmetric [LAB]: beta = 0, s_init = max(max(x, 0) / p, min(x, 0) / n if n < 0)';

/** LSQ+ activation MSE init (methods.md 4.2; the search grid is [LAB]). */
export const LSQ_PLUS_MSE_INIT_FORMULA =
  '(s, beta) = argmin sum (x_hat(x; s, beta) - x)^2 over s_k = (k/K) * s_minmax, k = 1..K (K = 100), ' +
  'and for learned beta J = 21 window positions lo_j = min + j/(J-1) * (1 - k/K) * (max - min), ' +
  'beta = lo_j - n * s_k';

/** LaTeX variant of {@link LSQ_PLUS_FORWARD_FORMULA}. */
export const LSQ_PLUS_FORWARD_LATEX =
  'u = \\frac{x-\\beta}{s},\\quad \\bar{x} = \\operatorname{clamp}(\\lfloor u \\rceil, n, p),\\quad ' +
  '\\hat{x} = s\\,\\bar{x} + \\beta';

/** LaTeX variant of {@link LSQ_PLUS_GRADIENT_FORMULA}. */
export const LSQ_PLUS_GRADIENT_LATEX =
  '\\frac{\\partial \\hat{x}}{\\partial x} = \\mathbb{1}[n<u<p],\\quad ' +
  '\\frac{\\partial \\hat{x}}{\\partial s} = \\begin{cases} \\lfloor u \\rceil - u & n<u<p \\\\ n & u \\le n \\\\ p & u \\ge p \\end{cases},\\quad ' +
  '\\frac{\\partial \\hat{x}}{\\partial \\beta} = \\mathbb{1}[u \\le n \\lor u \\ge p],\\quad g = \\frac{1}{\\sqrt{N p}}';

/** Every LSQ / LSQ+ formula with a display title, in reading order, for a formula panel. */
export const LSQ_FORMULAS: ReadonlyArray<{ title: string; text: string }> = [
  { title: 'LSQ quantizer', text: LSQ_FORWARD_FORMULA },
  { title: 'LSQ gradients (STE)', text: LSQ_GRADIENT_FORMULA },
  { title: 'Gradient scale', text: LSQ_GRAD_SCALE_FORMULA },
  { title: 'LSQ init', text: LSQ_INIT_FORMULA },
  { title: 'LSQ+ quantizer', text: LSQ_PLUS_FORWARD_FORMULA },
  { title: 'LSQ+ gradients (STE)', text: LSQ_PLUS_GRADIENT_FORMULA },
  { title: 'LSQ+ weight init', text: LSQ_PLUS_WEIGHT_INIT_FORMULA },
  { title: 'LSQ+ activation init (min-max)', text: LSQ_PLUS_MINMAX_INIT_FORMULA },
  { title: 'LSQ+ activation init (MSE)', text: LSQ_PLUS_MSE_INIT_FORMULA },
];
