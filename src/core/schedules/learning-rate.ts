import { QuantError } from '../errors';

/** Learning-rate schedules the lab offers ([LAB]: common choices, not from one paper). */
export type LearningRateSchedule = 'constant' | 'cosine' | 'step';

/** Plain-text formulas of {@link learningRateAt}, for the UI. */
export const LEARNING_RATE_FORMULAS: Readonly<Record<LearningRateSchedule, string>> = {
  constant: 'lr(t) = lr_0',
  cosine: 'lr(t) = 0.5 * lr_0 * (1 + cos(pi * (t - W) / (T - W))) after warm-up, to 0 at t = T',
  step: 'lr(t) = lr_0 * 0.1^k, k = number of the marks 0.5 T and 0.75 T already passed',
};

/** Plain-text formula of the linear warm-up. */
export const WARMUP_FORMULA = 'lr(t) = lr_0 * t / W for t <= W (W warm-up steps)';

/**
 * Learning rate at 1-based `step` of `totalSteps`: linear warm-up over `warmupSteps` (from lr_0/W
 * to lr_0), then the schedule. Cosine anneals to 0 at the last step, as [OSC-code]'s `cosine:0`;
 * step decays by 10x at 50 % and 75 % of training ([LAB]).
 */
export function learningRateAt(
  step: number,
  totalSteps: number,
  baseLr: number,
  schedule: LearningRateSchedule,
  warmupSteps = 0,
): number {
  if (!(baseLr >= 0) || !Number.isFinite(baseLr)) {
    throw new QuantError(`learning rate must be finite and >= 0, got ${baseLr}`);
  }
  if (!Number.isInteger(totalSteps) || totalSteps < 1 || step < 1) {
    throw new QuantError(`need 1 <= step and totalSteps >= 1, got step ${step} of ${totalSteps}`);
  }
  const warmup = Math.min(Math.max(0, Math.floor(warmupSteps)), totalSteps);
  if (step <= warmup) return (baseLr * step) / warmup;
  switch (schedule) {
    case 'constant':
      return baseLr;
    case 'cosine': {
      const r = Math.min(1, (step - warmup) / Math.max(1, totalSteps - warmup));
      return 0.5 * baseLr * (1 + Math.cos(Math.PI * r));
    }
    case 'step': {
      const passed = [0.5, 0.75].filter((mark) => step > mark * totalSteps).length;
      return baseLr * 0.1 ** passed;
    }
  }
}
