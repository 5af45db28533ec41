/**
 * The oscillation formulas exactly as implemented (methods.md 5.2-5.4, 5.7), as plain strings and
 * LaTeX so the UI can display what the code does. Each string names the function that implements it.
 */

/** Oscillation detection and EMA frequency ({@link stepOscillationState}, methods.md 5.2). */
export const OSCILLATION_TRACKING_FORMULA =
  'w_int^t = clamp(round(w^t/s^t), n, p) (after freezing); delta = round(w_int^{t-1} - w_int^t); ' +
  'dir^t = sign(delta); o^t = [dir^t * last_dir = -1]; f^t = m*o^t + (1 - m)*f^{t-1}, f^0 = 0; ' +
  'last_dir = dir^t where delta != 0 (starts at 0); default m = 0.001';

/** LaTeX variant of {@link OSCILLATION_TRACKING_FORMULA}. */
export const OSCILLATION_TRACKING_LATEX =
  '\\delta^t=\\operatorname{round}(w_{int}^{t-1}-w_{int}^{t}),\\; ' +
  'o^t=\\mathbb{1}[\\operatorname{sign}(\\delta^t)\\,d_{last}=-1],\\; ' +
  'f^t=m\\,o^t+(1-m)\\,f^{t-1}';

/** Iterative freezing ({@link stepOscillationState}, {@link applyFreezing}, methods.md 5.4). */
export const FREEZING_FORMULA =
  'if f_th > 0: hot = f^t > f_th; frozen |= hot (never cleared); ' +
  'frozen_int[hot] = round(ema_int^{t-1}[hot]); ema_int^t = m*w_int^t + (1 - m)*ema_int^{t-1} ' +
  '(ema_int starts at w_int when freezing first turns on); ' +
  'forward: w_int = (1 - frozen)*w_int + frozen*frozen_int';

/** LaTeX variant of {@link FREEZING_FORMULA}. */
export const FREEZING_LATEX =
  '\\text{frozen}\\leftarrow\\text{frozen}\\lor(f^t>f_{th}),\\; ' +
  'w_{int}^{fr}=\\operatorname{round}(\\bar w_{int}^{t-1}),\\; ' +
  '\\bar w_{int}^{t}=m\\,w_{int}^t+(1-m)\\,\\bar w_{int}^{t-1}';

/** Dampening loss ({@link dampeningLoss}, methods.md 5.3). */
export const DAMPENING_FORMULA =
  'L_dampen = agg((stopgrad(s*w_int) - clip(w, s*n, s*p))^2), w_int = clamp(round(w/s), n, p) ' +
  '(frozen entries use frozen_int); agg = kernel_mean (sum over output channels, mean over the ' +
  'rest; default), sum (Frobenius norm squared) or mean; dL/dw = -2(s*w_int - w)/c inside ' +
  '[s*n, s*p], 0 outside, c = 1 (sum), N (mean), N/C_out (kernel_mean)';

/** LaTeX variant of {@link DAMPENING_FORMULA}. */
export const DAMPENING_LATEX =
  '\\mathcal{L}_{dampen}=\\big\\|\\operatorname{sg}(s\\,w_{int})-' +
  '\\operatorname{clip}(w,s\\,n,s\\,p)\\big\\|_F^2';

/** Total loss with dampening (methods.md 5.3, 5.8). */
export const TOTAL_LOSS_WITH_DAMPENING_FORMULA =
  'L = L_task + lambda(t) * sum_layers L_dampen(layer)';

/** Toy regression of [OSC-paper] Sec. 2.2 ({@link toyRegressionGradient}, methods.md 5.7). */
export const TOY_REGRESSION_FORMULA =
  'L(w) = E_x[0.5*(x*w* - x*q(w))^2], q(w) = s*round(w/s); STE gradient dL/dw = E[x^2]*(q(w) - w*); ' +
  'with dampening + lambda*(q(w) - w)^2 (q detached): - 2*lambda*(q(w) - w)';

/** Time share at the upper grid point in the toy regression ({@link toyUpperShare}). */
export const TOY_UPPER_SHARE_FORMULA = 'share(w_up) = (w* - w_down)/(w_up - w_down)';
