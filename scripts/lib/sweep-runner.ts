/**
 * A sweep's runs on child processes: each child is `scripts/sweep.ts --worker`, an engine on the
 * tfjs CPU backend (`createPaperEngine`, the path `npm run train` and paper-check take) that
 * trains one run at a time and answers with its run summary. The job pool (src/sweep/job-pool.ts)
 * replaces a child that dies and queues its run again; every finished run is saved at once.
 */
import * as tf from '@tensorflow/tfjs';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pretrainRecipe } from '../../src/settings/pretrain';
import type { Recipe } from '../../src/settings/schema';
import { runJobPool } from '../../src/sweep/job-pool';
import type { RunSummary } from '../../src/sweep/run-summary';
import type { SweepRun } from '../../src/sweep/sweep-types';
import { createChildWorker, serveJobs } from './child-pool';
import { createPaperEngine } from './paper-run';
import { EXACT_JSON } from './sweep-json';
import type { SweepProgress } from './sweep-progress';

/** What a worker answers for one run: its summary (a diverged run is one), or the engine's error. */
export type SweepReply = { summary: RunSummary; seconds: number } | { error: string };

/** Prefix of a worker's answer lines on its stdout. */
const MARK = '@sweep ';
/** The script whose `--worker` mode trains the runs. */
const WORKER_SCRIPT = fileURLToPath(new URL('../sweep.ts', import.meta.url));
/**
 * Test hook: with this set to a file path, the first worker to get a run creates the file and
 * exits at once (code 1), so tests can check that a dead worker's run is queued again.
 */
export const CRASH_ONCE_ENV = 'QUANTLAB_SWEEP_CRASH_ONCE';

/**
 * The float pretraining a run shares with others (the pool keeps one on one worker, whose engine
 * then trains it once: its pretrain cache), or `own` for a run without one.
 */
export function pretrainAffinity(recipe: Recipe, own: string): string {
  return recipe.pretrainSteps > 0 ? JSON.stringify(pretrainRecipe(recipe)) : own;
}

/** Worker mode: train each run read from stdin, answer with its summary, until stdin closes. */
export async function serveSweepRuns(): Promise<void> {
  tf.enableProdMode(); // silences tfjs's banner about tfjs-node; the CPU backend is on purpose
  const engine = createPaperEngine();
  await serveJobs<SweepRun, SweepReply>(
    MARK,
    async (run) => {
      crashOnceIfAsked();
      const t0 = performance.now();
      const outcome = await engine.run({ recipe: run.recipe });
      if ('error' in outcome) return { error: outcome.error };
      return { summary: outcome.record, seconds: (performance.now() - t0) / 1000 };
    },
    EXACT_JSON,
  );
  await engine.destroy();
}

function crashOnceIfAsked(): void {
  const flag = process.env[CRASH_ONCE_ENV];
  if (!flag) return;
  try {
    writeFileSync(flag, `${process.pid}\n`, { flag: 'wx' }); // only the first worker creates it
  } catch {
    return;
  }
  process.exit(1);
}

export interface SweepJobsOptions {
  jobs: number;
  /** Every saved summary by run key; finished runs are added to it. */
  saved: Map<string, RunSummary>;
  /** Reuse the saved summaries of planned runs instead of training them again. */
  reuse: boolean;
  /** Called after each finished run, e.g. to write `saved` to disk. */
  onSaved(): void;
  progress: (reused: number) => SweepProgress;
}

/** What the sweep gave: a summary per finished run key and the runs that failed. */
export interface SweepJobsResult {
  results: Map<string, RunSummary>;
  trained: number;
  reused: number;
  /** One line per run that had an engine error or whose worker died every time. */
  failures: string[];
  seconds: number;
}

/** Train every run not yet saved (or all, without `reuse`) on `jobs` child workers. */
export async function runSweepJobs(
  runs: readonly SweepRun[],
  options: SweepJobsOptions,
): Promise<SweepJobsResult> {
  const results = new Map<string, RunSummary>();
  if (options.reuse) {
    for (const run of runs) {
      const summary = options.saved.get(run.key);
      if (summary) results.set(run.key, summary);
    }
  }
  const reused = results.size;
  const todo = runs.filter((run) => !results.has(run.key));
  const progress = options.progress(reused);
  const failures: string[] = [];
  const pool = runJobPool<SweepRun, SweepReply>(todo, {
    size: options.jobs,
    createWorker: () => createChildWorker({ script: WORKER_SCRIPT, mark: MARK, codec: EXACT_JSON }),
    affinity: (run) => pretrainAffinity(run.recipe, run.key),
    onStart: (run) => progress.started(run),
    onResult(run, reply) {
      if ('error' in reply) {
        failures.push(`${run.key}: engine error ${reply.error}`);
        return progress.failed(run, `engine error ${reply.error}`);
      }
      results.set(run.key, reply.summary);
      options.saved.set(run.key, reply.summary);
      options.onSaved();
      progress.done(run, reply.seconds, reply.summary.diverged !== null);
    },
    onCrash(run, error, willRetry) {
      if (!willRetry) failures.push(`${run.key}: ${error.message}, every time`);
      progress.failed(run, `${error.message}${willRetry ? '; queued again' : '; given up'}`);
    },
  });
  await pool.done;
  return { results, trained: results.size - reused, reused, failures, seconds: progress.seconds };
}
