import { QuantError } from '../errors';

/**
 * Options of a cosine ramp that holds `start` during a warm-up and then moves to `end` along half a
 * cosine (methods.md 5.3, 5.4; [OSC-code] `utils.CosineTempDecay`).
 */
export interface CosineRampOptions {
  /** T: total number of training iterations (> 0). */
  totalSteps: number;
  /** Value held during the warm-up and at the start of the ramp. */
  start: number;
  /** Value reached at t = T. */
  end: number;
  /** Warm-up length as a fraction of T, in [0, 1): the ramp starts at t0 = relStart * T. */
  relStart: number;
}

/** Plain-text formula of {@link cosineRamp}, for the UI. */
export const COSINE_RAMP_FORMULA =
  'v(t) = start for t < t0 = relStart*T; else r = min(1, (t - t0)/(T - t0)), ' +
  'v(t) = end + 0.5*(start - end)*(1 + cos(pi*r))';

/** LaTeX variant of {@link COSINE_RAMP_FORMULA}. */
export const COSINE_RAMP_LATEX =
  'v(t)=\\begin{cases}v_0 & t<t_0\\\\ v_1+\\tfrac12(v_0-v_1)(1+\\cos\\pi r) & t\\ge t_0\\end{cases},' +
  '\\; r=\\min\\!\\left(1,\\tfrac{t-t_0}{T-t_0}\\right),\\; t_0=\\rho T';

function assertFiniteNumber(name: string, value: number): void {
  if (!Number.isFinite(value)) {
    throw new QuantError(`${name} must be a finite number, got ${value}`);
  }
}

/** Throw a QuantError unless the ramp options describe a valid schedule. */
export function assertCosineRampOptions(opts: CosineRampOptions): void {
  assertFiniteNumber('start', opts.start);
  assertFiniteNumber('end', opts.end);
  if (!Number.isFinite(opts.totalSteps) || opts.totalSteps <= 0) {
    throw new QuantError(`totalSteps must be a positive number, got ${opts.totalSteps}`);
  }
  if (!Number.isFinite(opts.relStart) || opts.relStart < 0 || opts.relStart >= 1) {
    throw new QuantError(`relStart must be in [0, 1), got ${opts.relStart}`);
  }
}

/**
 * Value of the cosine ramp at iteration `step` (methods.md 5.3/5.4, [OSC-code] `CosineTempDecay`):
 * `start` for `step < t0 = relStart * T`, then `end + 0.5 (start - end)(1 + cos(pi r))` with
 * `r = (step - t0) / (T - t0)`.
 *
 * `step` counts like ignite's `engine.state.iteration`, which the official schedule reads: the
 * first training step is 1, so pass "optimizer steps taken so far + 1". [LAB] deviation: r is
 * clamped to 1, so steps past T hold `end` (the official class keeps evaluating the cosine, which
 * would swing back towards `start`).
 */
export function cosineRamp(step: number, opts: CosineRampOptions): number {
  assertCosineRampOptions(opts);
  assertFiniteNumber('step', step);
  const t0 = opts.relStart * opts.totalSteps;
  if (step < t0) return opts.start;
  const r = Math.min(1, (step - t0) / (opts.totalSteps - t0));
  return opts.end + 0.5 * (opts.start - opts.end) * (1 + Math.cos(Math.PI * r));
}

/** Plain-text formula of {@link cosineLearningRate}, for the UI. */
export const COSINE_LR_FORMULA =
  'lr(e) = lr_min + 0.5*(lr_0 - lr_min)*(1 + cos(pi * min(e, E)/E)), e = epochs completed';

/**
 * Learning rate of the official recipes' model optimizer, `--learning-rate-schedule cosine:0`
 * (methods.md 5.5): cosine annealing from `baseLr` to `minLr` (0 in the recipes) over
 * `totalEpochs`, stepped once per epoch. `epoch` = epochs completed (0 for the first epoch).
 *
 * Reading: the spec names only "cosine lr to 0 per epoch"; this is the closed form of PyTorch's
 * `CosineAnnealingLR(T_max = totalEpochs, eta_min = minLr)` stepped per epoch, which is what such a
 * flag usually builds. Epochs past the end hold `minLr` ([LAB]).
 */
export function cosineLearningRate(
  epoch: number,
  totalEpochs: number,
  baseLr: number,
  minLr = 0,
): number {
  assertFiniteNumber('epoch', epoch);
  assertFiniteNumber('baseLr', baseLr);
  assertFiniteNumber('minLr', minLr);
  if (!Number.isFinite(totalEpochs) || totalEpochs <= 0) {
    throw new QuantError(`totalEpochs must be a positive number, got ${totalEpochs}`);
  }
  if (epoch < 0) throw new QuantError(`epoch must be >= 0, got ${epoch}`);
  const r = Math.min(epoch, totalEpochs) / totalEpochs;
  return minLr + 0.5 * (baseLr - minLr) * (1 + Math.cos(Math.PI * r));
}
