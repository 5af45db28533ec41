import { LOSS_TERMS, type LossTerm } from '../../../settings/techniques';
import type { Series } from '../../../store/run-state';

/** Readable name of each loss term the engine reports. */
export const TERM_LABELS: Readonly<Record<LossTerm, string>> = {
  task: 'task (cross-entropy)',
  r2: 'R2 range',
  kure: 'KURE kurtosis',
  dampening: 'oscillation dampening',
};

/** One loss term over steps, with its id ('task', 'r2', …) and readable label. */
export interface TermSeries extends Series {
  id: LossTerm;
  label: string;
}

/** Every term of `terms` that has a series, in {@link LOSS_TERMS} order. */
export function lossTermSeries(terms: Readonly<Partial<Record<LossTerm, Series>>>): TermSeries[] {
  return LOSS_TERMS.flatMap((id) => {
    const series = terms[id];
    return series ? [{ id, label: TERM_LABELS[id], ...series }] : [];
  });
}

/**
 * Whether a log axis can show `series`: at least one finite value, and every finite value > 0.
 * (A term that reaches 0, e.g. a satisfied R2 margin, needs a linear axis.)
 */
export function allPositive(series: readonly { value: readonly number[] }[]): boolean {
  let any = false;
  for (const s of series) {
    for (const v of s.value) {
      if (!Number.isFinite(v)) continue;
      if (v <= 0) return false;
      any = true;
    }
  }
  return any;
}
