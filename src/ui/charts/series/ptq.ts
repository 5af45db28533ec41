import { ptqQuantizerLabel } from '../../../settings/ptq-quantizer';
import type { Recipe } from '../../../settings/schema';
import { isOwnSweep, type PtqSweep } from '../../../store/ptq-curves';
import type { RunState, Series } from '../../../store/run-state';

type PtqHistory = RunState['ptqHistory'];

/** Test accuracy against weight bits of one sweep: one quantizer's curve. */
export interface PtqCurve {
  /** The quantizer's short name, e.g. 'per-tensor min-max'. */
  quantizer: string;
  /** Whether it is the run's own (recipe) quantizer. */
  own: boolean;
  /** Step of the sweep. */
  step: number;
  /** Weight bit widths, ascending. */
  bits: number[];
  /** `W<b>A<b_a>` label of each point. */
  labels: string[];
  /** Test accuracy as a fraction (0..1) at each width. */
  accuracy: number[];
  /** The float model's test accuracy (fraction) at the sweep. */
  fpAccuracy: number;
}

/** One curve per quantizer of the run: its own quantizer's first, then first-come order. */
export function ptqCurves(sweeps: readonly PtqSweep[], recipe: Recipe | null): PtqCurve[] {
  const curves = sweeps.map((sweep): PtqCurve => {
    const points = [...sweep.points].sort((a, b) => a.bits - b.bits);
    return {
      quantizer: ptqQuantizerLabel(sweep.quantizer),
      own: isOwnSweep(sweep, recipe),
      step: sweep.step,
      bits: points.map((p) => p.bits),
      labels: points.map((p) => p.label),
      accuracy: points.map((p) => p.accuracy),
      fpAccuracy: sweep.fpAccuracy,
    };
  });
  return [...curves.filter((c) => c.own), ...curves.filter((c) => !c.own)];
}

/** The curve whose float accuracy is the reference: the newest (the last of equal steps). */
export function referenceCurve(curves: readonly PtqCurve[]): PtqCurve | null {
  return curves.reduce<PtqCurve | null>((a, c) => (a && a.step > c.step ? a : c), null);
}

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

/**
 * The test images a sweep evaluated, in words: a sweep on the `ptqEvery` cadence uses a subset
 * (settings/test-images.ts), which the reader must know to compare it with the end's.
 */
export function ptqImagesText(images: number, testExamples: number): string {
  const count = (n: number) => n.toLocaleString('en-US');
  if (images >= testExamples) return `on ${count(images)} test images`;
  return `on ${count(images)} of ${count(testExamples)} test images (the sweep at the end uses all)`;
}
