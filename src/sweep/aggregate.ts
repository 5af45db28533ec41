/**
 * A sweep's results per knob value: mean ± std over seeds, each seed's point, the diverged runs,
 * and each value against the baseline value by the paper-check's paired rule (seed-stats.ts).
 */
import {
  MIN_SEEDS,
  beyondNoise,
  mean,
  meanInterval,
  std,
  type MeanInterval,
} from '../core/stats/seed-stats';
import type { RunSummary } from './run-summary';
import type { SweepMetric } from './sweep-metrics';
import type { KnobValue, SweepRun } from './sweep-types';

/** One finished run's value of the metric. */
export interface SeedPoint {
  key: string;
  seed: number;
  seedIndex: number;
  y: number;
}

/** How a value compares with the baseline value, paired by seed. */
export interface VersusBaseline {
  /** This value minus the baseline, over the seeds both have. */
  difference: MeanInterval;
  pairs: number;
  verdict: 'beyond noise' | 'within noise' | 'too few seeds';
}

/** One knob value's row. */
export interface ValueRow {
  valueIndex: number;
  value: KnobValue;
  /** Finished, not diverged runs with a finite value: the ones the mean is over. */
  points: SeedPoint[];
  mean: number;
  /** Sample standard deviation (n-1) over `points`. */
  std: number;
  /** Runs that diverged: shown, counted, left out of the mean. */
  diverged: SeedPoint[];
  /** Planned runs not finished yet. */
  pending: number;
  /** Null for the baseline value itself. */
  versus: VersusBaseline | null;
}

/** The smallest meaningful difference of `metric` for a run: one test image for accuracies. */
function resolutionOf(metric: SweepMetric, run: SweepRun): number {
  return metric.resolution === 'test-image' ? 1 / run.recipe.testExamples : metric.resolution;
}

function rowOf(
  runs: readonly SweepRun[],
  results: ReadonlyMap<string, RunSummary>,
  metric: SweepMetric,
): Omit<ValueRow, 'versus'> {
  const points: SeedPoint[] = [];
  const diverged: SeedPoint[] = [];
  let pending = 0;
  for (const run of runs) {
    const summary = results.get(run.key);
    if (!summary) {
      pending++;
      continue;
    }
    const point = {
      key: run.key,
      seed: run.seed,
      seedIndex: run.seedIndex,
      y: metric.read(summary),
    };
    if (summary.diverged) diverged.push(point);
    else if (Number.isFinite(point.y)) points.push(point);
  }
  const ys = points.map((p) => p.y);
  const first = runs[0]!;
  return {
    valueIndex: first.valueIndex,
    value: first.value,
    points,
    mean: mean(ys),
    std: std(ys),
    diverged,
    pending,
  };
}

function versus(
  row: Omit<ValueRow, 'versus'>,
  base: Omit<ValueRow, 'versus'>,
  resolution: number,
): VersusBaseline {
  const baseBySeed = new Map(base.points.map((p) => [p.seedIndex, p.y]));
  const diffs = row.points.flatMap((p) => {
    const b = baseBySeed.get(p.seedIndex);
    return b === undefined ? [] : [p.y - b];
  });
  const difference = meanInterval(diffs);
  if (diffs.length < MIN_SEEDS)
    return { difference, pairs: diffs.length, verdict: 'too few seeds' };
  const verdict = beyondNoise(difference, resolution) ? 'beyond noise' : 'within noise';
  return { difference, pairs: diffs.length, verdict };
}

/**
 * The rows of a sweep, one per knob value in spec order. `runs`: the plan; `results`: summaries
 * of the finished runs by key; `baseline`: the index of the value the others are compared with.
 */
export function aggregateSweep(
  runs: readonly SweepRun[],
  results: ReadonlyMap<string, RunSummary>,
  metric: SweepMetric,
  baseline: number,
): ValueRow[] {
  const byValue = new Map<number, SweepRun[]>();
  for (const run of runs)
    byValue.set(run.valueIndex, [...(byValue.get(run.valueIndex) ?? []), run]);
  const rows = [...byValue.keys()]
    .sort((a, b) => a - b)
    .map((i) => rowOf(byValue.get(i)!, results, metric));
  const base = rows.find((r) => r.valueIndex === baseline);
  return rows.map((row) => ({
    ...row,
    versus:
      !base || row === base
        ? null
        : versus(row, base, resolutionOf(metric, byValue.get(row.valueIndex)![0]!)),
  }));
}
