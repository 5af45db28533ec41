/**
 * `npm run sweep`: one knob over several values and seeds, headless. Each run is recipe A with
 * the knob at a value and its own seed (src/sweep/sweep-plan.ts), trained by the lab's engine on
 * the tfjs CPU backend in `--jobs` child processes (copies of this script in `--worker` mode).
 * Writes a CSV of every run, a summary per value and prints a table of the chosen metric.
 * Exit: 0 done (diverged runs are results), 1 an engine error, 2 bad arguments.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { aggregateSweep } from '../src/sweep/aggregate';
import { sweepMetric, SWEEP_METRICS } from '../src/sweep/sweep-metrics';
import { baselineIndex, planSweep } from '../src/sweep/sweep-plan';
import { SWEEP_PRESETS } from '../src/sweep/sweep-presets';
import { parseSweepArgs, type SweepOptions } from './lib/sweep-args';
import { sweepCsv, sweepSummary, sweepTable } from './lib/sweep-output';
import { createSweepProgress, clock } from './lib/sweep-progress';
import { runSweepJobs, serveSweepRuns } from './lib/sweep-runner';
import { loadRuns, saveRuns, sweepFiles } from './lib/sweep-store';

const USAGE = `Usage: npm run sweep -- --config <query|file.json|preset:id|sweep-preset:id>
                        [--knob <param> (--values a,b,c | --range lin|log:<from>:<to>:<n>)]
                        [--seeds N] [--metric <id>] [--jobs N] [--out sweep.csv] [--resume]
                        [--steps N]

  --config  recipe A, as npm run train reads it (a query string, a JSON file, preset:<id>), or
            sweep-preset:<id>, which also gives the knob, values, seeds and metric (the flags
            below override them). Sweep presets: ${SWEEP_PRESETS.map((p) => p.id).join(', ')}
  --knob    the setting to sweep, by its link name (kurew, lr, wb, …) or its key
  --values  the knob's values, comma-separated; --range: evenly spaced, on a linear or log axis
  --seeds   seeds per value (A's seed, +1, +2, …; default 3)
  --metric  the metric of the table (${SWEEP_METRICS.map((m) => m.id).join(', ')});
            the CSV and the summary have every one
  --jobs    child processes training at once (default: 2, or fewer cores)
  --out     the CSV (default sweep.csv); beside it <out>.runs.json (every finished run, saved at
            once) and <name>.summary.json (per metric and value: n, mean, std, diverged, verdict)
  --resume  train only the runs <out>.runs.json does not hold yet
  --steps   steps of every run, overriding A's (e.g. a quick smoke test)
Runs on the tfjs CPU backend. Exit: 0 done, 1 an engine error, 2 bad arguments.`;

/** Plan, train, write and print; resolves to the exit code. */
async function sweep(options: SweepOptions): Promise<number> {
  const { recipe, spec } = options;
  const runs = planSweep(recipe, spec);
  const files = sweepFiles(options.out);
  const saved = loadRuns(files.runs);
  options.notes.forEach((note) => process.stderr.write(`note: ${note}\n`));
  const outcome = await runSweepJobs(runs, {
    jobs: options.jobs,
    saved,
    reuse: options.resume,
    onSaved: () => saveRuns(files.runs, saved),
    progress: (reused) => {
      const progress = createSweepProgress(spec, runs.length, reused);
      const what = `${runs.length} runs (${spec.values.length} values × ${spec.seeds} seeds)`;
      progress.say(`${what} on ${Math.min(options.jobs, runs.length)} workers`);
      if (reused > 0) progress.say(`reusing ${reused} saved runs`);
      return progress;
    },
  });
  const baseline = baselineIndex(recipe, spec);
  mkdirSync(dirname(files.csv), { recursive: true });
  writeFileSync(files.csv, sweepCsv(spec, runs, outcome.results));
  const summary = sweepSummary(recipe, spec, runs, outcome.results, baseline);
  writeFileSync(files.summary, `${JSON.stringify(summary, null, 1)}\n`);
  const metric = sweepMetric(spec.metric);
  const rows = aggregateSweep(runs, outcome.results, metric, baseline);
  process.stdout.write(`${sweepTable(spec, rows, metric)}\n`);
  outcome.failures.forEach((line) => process.stderr.write(`failed: ${line}\n`));
  const trained = `${outcome.trained} trained, ${outcome.reused} reused`;
  process.stderr.write(
    `${outcome.results.size}/${runs.length} runs (${trained}) in ${clock(outcome.seconds)}; ` +
      `${files.csv}, ${files.summary}, ${files.runs}\n`,
  );
  return outcome.failures.length > 0 ? 1 : 0;
}

async function main(argv: readonly string[]): Promise<number> {
  const parsed = parseSweepArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    process.stderr.write(`${parsed.errors.join('\n')}\n\nSee npm run sweep -- --help\n`);
    return 2;
  }
  return sweep(parsed.options);
}

const isWorker = process.argv.includes('--worker');
(isWorker ? serveSweepRuns().then(() => 0) : main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sweep: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
