import type { RunState } from '../../../store/run-state';

/** A PTQ sweep as the store keeps it (the `ptq` field of a run). */
export type PtqEvent = NonNullable<RunState['ptq']>;

/** One cell of the twin diff strip: test accuracy of A and B (fractions) and B − A. */
export interface TwinDiffRow {
  /** 'float' for the float model, else the PTQ point's label, e.g. 'W4A32'. */
  label: string;
  a: number;
  b: number;
  /** b − a, a fraction (multiply by 100 for percentage points). */
  delta: number;
}

/** Label of the float model's row. */
export const FLOAT_LABEL = 'float';

const row = (label: string, a: number, b: number): TwinDiffRow => ({ label, a, b, delta: b - a });

/**
 * B − A after quantization: a first row for the float model, then one row per label measured in
 * both sweeps, in A's order. Empty until both twins have a sweep.
 */
export function twinDiffRows(a: PtqEvent | null, b: PtqEvent | null): TwinDiffRow[] {
  if (!a || !b) return [];
  const inB = new Map(b.points.map((p) => [p.label, p.accuracy]));
  const rows = [row(FLOAT_LABEL, a.fpAccuracy, b.fpAccuracy)];
  const seen = new Set<string>();
  for (const point of a.points) {
    const other = inB.get(point.label);
    if (other === undefined || seen.has(point.label)) continue;
    seen.add(point.label);
    rows.push(row(point.label, point.accuracy, other));
  }
  return rows;
}

/** A fraction as percent with one decimal, e.g. 0.9123 → '91.2 %'. */
export function formatPercent(fraction: number): string {
  return `${(100 * fraction).toFixed(1)} %`;
}

/** The delta in percentage points with one decimal, e.g. 0.032 → 3.2 (-0 reads as 0). */
export function deltaPoints(delta: number): number {
  const pp = Number((100 * delta).toFixed(1));
  return pp === 0 ? 0 : pp;
}

/** The delta as signed text, e.g. '+3.2 pp', '-1.0 pp', '±0.0 pp'. */
export function formatDelta(delta: number): string {
  const pp = deltaPoints(delta);
  const sign = pp > 0 ? '+' : pp < 0 ? '-' : '±';
  return `${sign}${Math.abs(pp).toFixed(1)} pp`;
}

/** Whether B gains on A ('up'), loses ('down') or neither at one decimal ('same'). */
export function deltaDirection(delta: number): 'up' | 'down' | 'same' {
  const pp = deltaPoints(delta);
  return pp > 0 ? 'up' : pp < 0 ? 'down' : 'same';
}
