/**
 * What a finished headless sweep writes: the CSV (one row per run, every sweep metric a column),
 * the summary (per metric, per value: n, mean, std, diverged and the verdict against the
 * baseline value, from `aggregateSweep`) and the table printed for the chosen metric.
 */
import { SETTINGS, type Recipe } from '../../src/settings/schema';
import { encodeRecipe } from '../../src/settings/url-codec';
import { aggregateSweep, type ValueRow } from '../../src/sweep/aggregate';
import type { RunSummary } from '../../src/sweep/run-summary';
import { formatMetric, SWEEP_METRICS, type SweepMetric } from '../../src/sweep/sweep-metrics';
import type { SweepRun, SweepSpec } from '../../src/sweep/sweep-types';

const csvCell = (value: string | number): string => {
  const text = typeof value === 'number' && !Number.isFinite(value) ? '' : String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** One row per finished run, in plan order: knob, value, seed, diverged, each metric, key. */
export function sweepCsv(
  spec: SweepSpec,
  runs: readonly SweepRun[],
  results: ReadonlyMap<string, RunSummary>,
): string {
  const header = ['knob', 'value', 'seed', 'diverged', ...SWEEP_METRICS.map((m) => m.id), 'key'];
  const rows = runs.flatMap((run) => {
    const summary = results.get(run.key);
    if (!summary) return [];
    const metrics = SWEEP_METRICS.map((m) => m.read(summary));
    const diverged = summary.diverged !== null;
    return [[spec.knob, run.value, run.seed, String(diverged), ...metrics, run.key]];
  });
  return [header, ...rows].map((row) => `${row.map(csvCell).join(',')}\n`).join('');
}

/** One value's statistics in the summary file (NaN is written as null). */
interface SummaryRow {
  value: ValueRow['value'];
  n: number;
  mean: number;
  std: number;
  diverged: number;
  pending: number;
  versus: { verdict: string; pairs: number; difference: number; low: number; high: number } | null;
}

const summaryRow = (row: ValueRow): SummaryRow => ({
  value: row.value,
  n: row.points.length,
  mean: row.mean,
  std: row.std,
  diverged: row.diverged.length,
  pending: row.pending,
  versus: row.versus && {
    verdict: row.versus.verdict,
    pairs: row.versus.pairs,
    difference: row.versus.difference.mean,
    low: row.versus.difference.low,
    high: row.versus.difference.high,
  },
});

/** The summary file's object: the sweep, its runs, and every metric's rows. */
export function sweepSummary(
  recipe: Recipe,
  spec: SweepSpec,
  runs: readonly SweepRun[],
  results: ReadonlyMap<string, RunSummary>,
  baseline: number,
) {
  const finished = runs.filter((run) => results.has(run.key));
  const metrics = SWEEP_METRICS.map((m) => {
    const rows = aggregateSweep(runs, results, m, baseline).map(summaryRow);
    return [m.id, { label: m.label, rows }] as const;
  });
  return {
    recipe: encodeRecipe(recipe),
    knob: spec.knob,
    param: SETTINGS[spec.knob].param,
    values: spec.values,
    seeds: spec.seeds,
    metric: spec.metric,
    baseline: { index: baseline, value: spec.values[baseline] },
    runs: {
      planned: runs.length,
      finished: finished.length,
      diverged: finished.filter((run) => results.get(run.key)!.diverged !== null).length,
    },
    metrics: Object.fromEntries(metrics),
  };
}

/** `+1.2%` or `-0.034`: a signed difference in the metric's format. */
function signed(metric: SweepMetric, x: number): string {
  const text = formatMetric(metric, Math.abs(x));
  return Number.isFinite(x) ? `${x < 0 ? '−' : '+'}${text}` : text;
}

function versusCell(metric: SweepMetric, row: ValueRow): string {
  if (!row.versus) return 'baseline';
  const { verdict, difference } = row.versus;
  if (verdict === 'too few seeds') return `${verdict} (${row.versus.pairs} pairs)`;
  return `${signed(metric, difference.mean)} ${verdict}`;
}

/** The table of `metric`: value, mean ± std (n), diverged, versus the baseline value. */
export function sweepTable(
  spec: SweepSpec,
  rows: readonly ValueRow[],
  metric: SweepMetric,
): string {
  const head = [
    SETTINGS[spec.knob].param,
    `${metric.id}: mean ± std (n)`,
    'diverged',
    'vs baseline',
  ];
  const cells = rows.map((row) => [
    String(row.value),
    `${formatMetric(metric, row.mean)} ± ${formatMetric(metric, row.std)} (${row.points.length})`,
    String(row.diverged.length),
    versusCell(metric, row),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  const line = (row: string[]) =>
    row
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
