import type { Series } from '../../../store/run-state';

/** Readable names of the loss terms the engine reports, in drawing order. */
export const TERM_LABELS: Readonly<Record<string, string>> = {
  task: 'task (cross-entropy)',
  r2: 'R2 range',
  kure: 'KURE kurtosis',
  oscillation: 'oscillation dampening',
};

/** One loss term over steps, with its id ('task', 'r2', …) and readable label. */
export interface TermSeries extends Series {
  id: string;
  label: string;
}

/** Every term of `terms`: the known ones in {@link TERM_LABELS} order, then others by name. */
export function lossTermSeries(terms: Readonly<Record<string, Series>>): TermSeries[] {
  const known = Object.keys(TERM_LABELS);
  const ids = Object.keys(terms).sort((a, b) => {
    const [ia, ib] = [known.indexOf(a), known.indexOf(b)];
    if (ia >= 0 && ib >= 0) return ia - ib;
    if (ia >= 0 || ib >= 0) return ia >= 0 ? -1 : 1;
    return a.localeCompare(b);
  });
  return ids.map((id) => ({ id, label: TERM_LABELS[id] ?? id, ...terms[id]! }));
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
