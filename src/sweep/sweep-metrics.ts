/**
 * What a sweep can plot: each metric's label, format, the smallest meaningful difference and how
 * it is read from a run summary. Chosen after the fact: every run keeps its whole summary.
 */
import { mean } from '../core/stats/seed-stats';
import type { RunSummary } from './run-summary';
import type { SweepMetricId } from './sweep-types';

export interface SweepMetric {
  id: SweepMetricId;
  label: string;
  /** `percent`: a fraction shown as %; `number`: shown as is. */
  format: 'percent' | 'number';
  /** Smallest meaningful difference: one test image for accuracies, else 0. */
  resolution: 'test-image' | number;
  /** The metric's value for one run; NaN when the run does not report it. */
  read(run: RunSummary): number;
}

const ptqAt =
  (bits: number) =>
  (run: RunSummary): number =>
    run.ptq?.points.find((p) => p.bits === bits)?.accuracy ?? NaN;

/** The mean of a per-layer value over the layers that report it. */
const layerMean = (values: readonly number[]) =>
  values.length === 0 ? NaN : mean(values.filter(Number.isFinite));

const term = (name: string) => (run: RunSummary) => run.loss?.terms[name] ?? NaN;

const ptqMetric = (bits: number): SweepMetric => ({
  id: `ptq-w${bits}` as SweepMetricId,
  label: `W${bits} PTQ accuracy`,
  format: 'percent',
  resolution: 'test-image',
  read: ptqAt(bits),
});

/** Every metric, in menu order. */
export const SWEEP_METRICS: readonly SweepMetric[] = [
  {
    id: 'test-acc',
    label: 'Test accuracy (of the QAT model when QAT is on)',
    format: 'percent',
    resolution: 'test-image',
    read: (run) => run.testAccuracy,
  },
  {
    id: 'fp-acc',
    label: 'Float accuracy before PTQ',
    format: 'percent',
    resolution: 'test-image',
    read: (run) => run.ptq?.fpAccuracy ?? NaN,
  },
  ...[2, 3, 4, 5, 6, 7, 8].map(ptqMetric),
  {
    id: 'kurtosis',
    label: 'Mean kurtosis over weight layers',
    format: 'number',
    resolution: 0,
    read: (run) => layerMean(run.layers.map((l) => l.kurtosis)),
  },
  {
    id: 'max-std',
    label: 'Mean max|w|/std over weight layers',
    format: 'number',
    resolution: 0,
    read: (run) => layerMean(run.layers.map((l) => l.maxAbs / l.std)),
  },
  {
    id: 'osc-freq',
    label: 'Oscillation frequency (mean EMA over tracked layers)',
    format: 'number',
    resolution: 0,
    read: (run) => layerMean(run.oscillation.map((o) => o.frequency)),
  },
  {
    id: 'frozen',
    label: 'Frozen share of weights (mean over tracked layers)',
    format: 'percent',
    resolution: 0,
    read: (run) => layerMean(run.oscillation.map((o) => o.frozen)),
  },
  {
    id: 'loss',
    label: 'Final training loss (all terms)',
    format: 'number',
    resolution: 0,
    read: (run) => run.loss?.total ?? NaN,
  },
  ...(['task', 'r2', 'kure', 'dampening'] as const).map((name): SweepMetric => ({
    id: `loss-${name}`,
    label: `Final ${name} loss term`,
    format: 'number',
    resolution: 0,
    read: term(name),
  })),
];

/** The metric with this id (every id of SWEEP_METRIC_IDS has one; a unit test holds them equal). */
export function sweepMetric(id: SweepMetricId): SweepMetric {
  const metric = SWEEP_METRICS.find((m) => m.id === id);
  if (!metric) throw new Error(`no sweep metric ${id}`);
  return metric;
}

/** A metric's value as shown: percentages with one decimal, other numbers to 3 digits. */
export function formatMetric(metric: SweepMetric, x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (metric.format === 'percent') return `${(x * 100).toFixed(1)}%`;
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);
}
