import type { RunState, Series } from '../../../store/run-state';

type PtqHistory = RunState['ptqHistory'];

/** Test accuracy of the PTQ model at one weight bit width, over the sweeps of a run. */
export interface BitsSeries {
  /** Weight bit width. */
  bits: number;
  /** Label of the newest point at this width, e.g. 'W4A32'. */
  label: string;
  /** Steps of the sweeps that measured this width. */
  step: number[];
  /** Test accuracy as a fraction (0..1). */
  accuracy: number[];
}

/** One series per weight bit width found in `history`, ordered by bits (W2 first). */
export function ptqBitsSeries(history: PtqHistory): BitsSeries[] {
  const byBits = new Map<number, BitsSeries>();
  for (const sweep of history) {
    for (const point of sweep.points) {
      let series = byBits.get(point.bits);
      if (!series) {
        series = { bits: point.bits, label: point.label, step: [], accuracy: [] };
        byBits.set(point.bits, series);
      }
      series.label = point.label;
      series.step.push(sweep.step);
      series.accuracy.push(point.accuracy);
    }
  }
  return [...byBits.values()].sort((a, b) => a.bits - b.bits);
}

/** The float model's test accuracy (fraction) at each sweep. */
export function fpAccuracySeries(history: PtqHistory): Series {
  return { step: history.map((s) => s.step), value: history.map((s) => s.fpAccuracy) };
}
