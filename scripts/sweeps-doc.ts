/**
 * `npm run sweeps-doc`: writes docs/sweeps.md from the ready sweeps' summaries in docs/sweeps/
 * (each written by `npm run sweep -- --config sweep-preset:<id> --out docs/sweeps/<id>.csv`).
 * A ready sweep without a summary is listed as not measured, with the command that measures it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import { SWEEP_PRESETS, type SweepPreset } from '../src/sweep/sweep-presets';
import { formatMetric, sweepMetric } from '../src/sweep/sweep-metrics';
import type { SweepMetricId } from '../src/sweep/sweep-types';

const OUT = 'docs/sweeps.md';

/** Besides its own metric, what each sweep's table shows (the numbers its lookFor names). */
const EXTRA: Record<string, SweepMetricId[]> = {
  'kure-lambda': ['kurtosis', 'fp-acc', 'ptq-w2'],
  'r2-margin-lambda': ['max-std', 'fp-acc', 'ptq-w3'],
  'dampening-lambda': ['osc-freq', 'loss-dampening'],
  'freezing-threshold': ['test-acc', 'osc-freq'],
  'ptq-granularity': ['ptq-w2', 'ptq-w3', 'ptq-w8'],
  'learning-rate': ['ptq-w4'],
  'qat-bits': ['osc-freq'],
};

interface Row {
  value: number | string;
  n: number;
  mean: number | null;
  std: number | null;
  diverged: number;
  versus: { verdict: string; difference: number; low: number | null; high: number | null } | null;
}
interface Summary {
  recipe: string;
  param: string;
  baseline: { value: number | string };
  runs: { planned: number; finished: number; diverged: number };
  metrics: Record<string, { rows: Row[] }>;
}

const num = (x: number | null) => (x === null ? NaN : x);
/** A label in a table cell: its own '|' (as in max|w|) must not split the cell. */
const escapePipes = (text: string) => text.replace(/\|/g, '\\|');

function cell(id: SweepMetricId, row: Row): string {
  const metric = sweepMetric(id);
  const spread = `${formatMetric(metric, num(row.mean))} ± ${formatMetric(metric, num(row.std))}`;
  if (!row.versus) return `${spread} (baseline)`;
  const d = row.versus;
  const sign = d.difference > 0 ? '+' : '';
  const show = (x: number | null) => formatMetric(metric, num(x));
  const interval = `[${show(d.low)}, ${show(d.high)}]`;
  const delta = `${sign}${show(d.difference)} ${interval}`;
  return `${spread}; ${delta} **${d.verdict}**`;
}

function section(p: SweepPreset): string[] {
  const path = `docs/sweeps/${p.id}.summary.json`;
  const head = [`## ${p.title} (\`${p.id}\`)`, '', `Look for: ${p.lookFor}`, ''];
  const command = `npm run sweep -- --config sweep-preset:${p.id} --jobs 2 --out docs/sweeps/${p.id}.csv`;
  if (!existsSync(path)) return [...head, `Not measured yet: \`${command}\`.`, ''];
  const s = JSON.parse(readFileSync(path, 'utf8')) as Summary;
  const ids = [p.spec.metric, ...(EXTRA[p.id] ?? [])];
  const rows = s.metrics[p.spec.metric]!.rows;
  const table = [
    `| ${s.param} | ${ids.map((id) => escapePipes(sweepMetric(id).label)).join(' | ')} | diverged |`,
    `| --- | ${ids.map(() => '---').join(' | ')} | --- |`,
    ...rows.map(
      (row, i) =>
        `| ${row.value} | ${ids.map((id) => cell(id, s.metrics[id]!.rows[i]!)).join(' | ')} | ${row.diverged} |`,
    ),
  ];
  const runs = `${s.runs.finished}/${s.runs.planned} runs, ${s.runs.diverged} diverged`;
  return [
    ...head,
    `Recipe A: \`${s.recipe}\`; baseline value ${s.baseline.value} (A's own); ${runs}. ` +
      `Measured with \`${command}\`.`,
    '',
    ...table,
    '',
  ];
}

const intro = [
  '# Ready sweeps, measured',
  '',
  'Each ready sweep of the lab (`src/sweep/sweep-presets.ts`) run headless on the tfjs CPU backend, ' +
    '3 seeds per value. Cells: mean ± std over seeds (n − 1); then the difference from the ' +
    "baseline value (recipe A's own) with its 95 % paired interval over seeds and the verdict by " +
    "the paper-check's rule (`src/core/stats/seed-stats.ts`): **beyond noise** when the interval " +
    'excludes 0 and the difference is at least one test image for accuracies. Written by ' +
    '`npm run sweeps-doc` from `docs/sweeps/<id>.summary.json`; each sweep’s CSV has every metric ' +
    'of every run.',
  '',
];

const text = [...intro, ...SWEEP_PRESETS.flatMap(section)].join('\n');
const style = await resolveConfig(OUT);
writeFileSync(OUT, await format(text, { ...style, parser: 'markdown' }));
process.stderr.write(`-> ${OUT}\n`);
