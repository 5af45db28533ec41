/**
 * The lab's sweep as a plain object (React only adapts it): start a sweep of the form over recipe
 * A, pause, resume (runs only the missing runs), cancel, open a finished run. It owns the job
 * pool, writes the sweep store through the pure steps of sweep-state.ts, and records every
 * finished run as it lands, so a crash, a cancel or a reload never loses one.
 */
import { defaultRecipe, type Recipe } from '../../settings/schema';
import { recipeSchema } from '../../settings/recipe-schema';
import type { RunOutcome } from '../../sweep/engine-driver';
import { sweepSpecSchema } from '../../sweep/sweep-spec';
import type { SweepRun } from '../../sweep/sweep-types';
import type { WorkerPort } from '../engine-bridge';
import { newRunId, type RunRecord } from '../history/run-record';
import { useLab } from '../lab-store';
import type { RestoredSweep, SweepArchive } from './sweep-archive';
import { checkDraft, typedWorkers } from './sweep-draft';
import { sweepKeeper } from './sweep-keeper';
import { startSweepRunner, type SweepRunner } from './sweep-runner';
import * as step from './sweep-state';
import { runName } from './sweep-names';
import { useSweep } from './sweep-store';

export interface SweepControllerOptions {
  /** A fresh engine worker (the UI knows the worker script's URL). */
  createWorker(): WorkerPort;
  /** Where sweeps are kept; may reject (no IndexedDB): they are then kept in memory. */
  archive: Promise<SweepArchive>;
  /** The default number of workers for recipe A. */
  defaultWorkers(recipe: Recipe): number;
  /** Clock in ms since the epoch (tests pass a fake one). */
  now?(): number;
}

export interface SweepController {
  /** Start the form's sweep over recipe A; false when the form has a problem. */
  start(): boolean;
  pause(): void;
  /** Resume a paused pool, or train the missing runs of a stopped sweep. */
  resume(): void;
  cancel(): void;
  /** A finished run as a history record (to open it as A or B), or null. */
  runRecord(key: string): Promise<RunRecord | null>;
  /** Fault drill: crash one sweep worker that has a run in flight. */
  crashOneWorker(): boolean;
  /** The default number of workers for recipe A. */
  defaultWorkers(recipe: Recipe): number;
}

export function createSweepController(options: SweepControllerOptions): SweepController {
  const now = options.now ?? Date.now;
  const store = useSweep.getState;
  const keeper = sweepKeeper(options.archive, (s) => store().setStorage(s));
  let runner: SweepRunner | null = null;

  void keeper.loadLast().then((last) => {
    const sweep = last && restoredSweep(last, options.defaultWorkers);
    if (sweep && !store().sweep) store().setSweep(sweep);
  });

  /** Train the sweep's missing runs on a new pool of `workers` (default: the sweep's). */
  const train = (id: string, workers?: number) => {
    store().updateSweep(id, (s) => step.sweepRunning(s, now(), workers));
    const sweep = store().sweep;
    if (!sweep || sweep.id !== id) return;
    const runs = step.missingRuns(sweep);
    const update = (change: (s: step.LabSweep) => step.LabSweep) => store().updateSweep(id, change);
    const own = startSweepRunner(runs, sweep.workers, options.createWorker, {
      onStep: (run, at) => update((s) => step.withStep(s, run.key, at)),
      onOutcome: (run, outcome) => landed(id, run, outcome),
      onCrash: (run, error, willRetry) => {
        const message = willRetry
          ? `A worker crashed during ${runName(sweep, run)}; the run was queued again.`
          : `${runName(sweep, run)} crashed its worker twice and was given up (${error.message}).`;
        update((s) => step.withLostRun(s, run, message, !willRetry));
      },
    });
    runner = own;
    void own.pool.done.then(({ cancelled }) => {
      if (runner === own) runner = null;
      if (!cancelled) update((s) => step.sweepStopped(s, 'done', now()));
    });
  };

  /** A run came back: a result is stored at once; an engine refusal is counted as failed. */
  const landed = (id: string, run: SweepRun, outcome: RunOutcome) => {
    if ('summary' in outcome) {
      store().updateSweep(id, (s) => step.withResult(s, run, outcome.summary));
      void keeper.saveRun(run.key, outcome.summary, outcome.events);
      return;
    }
    const message = `${runName(store().sweep, run)} failed: ${outcome.error}`;
    store().updateSweep(id, (s) => step.withLostRun(s, run, message, true));
  };

  return {
    start() {
      const recipe = useLab.getState().recipe;
      const check = checkDraft(store().draft, recipe);
      if (check.problems.length > 0 || check.workersProblem) return false;
      runner?.pool.cancel();
      runner = null;
      const workers = check.workers ?? options.defaultWorkers(recipe);
      const fields = { id: newRunId(now()), createdAt: now(), recipe, spec: check.spec, workers };
      const sweep = step.newSweep(fields, store().sweep?.results);
      store().setSweep(sweep);
      const { id, createdAt, spec } = sweep;
      void keeper.saveSweep(
        { id, createdAt, recipe, spec },
        sweep.plan.map((r) => r.key),
      );
      if (sweep.status !== 'done') train(id);
      return true;
    },
    pause() {
      const sweep = store().sweep;
      if (!runner || sweep?.status !== 'running') return;
      runner.pool.pause();
      store().updateSweep(sweep.id, (s) => step.sweepStopped(s, 'paused', now()));
    },
    resume() {
      const sweep = store().sweep;
      if (!sweep || sweep.status === 'running') return;
      if (runner?.pool.paused) {
        runner.pool.resume();
        store().updateSweep(sweep.id, (s) => step.sweepRunning(s, now()));
      } else if (step.missingRuns(sweep).length > 0) {
        // A restored sweep trains on as many workers as the form now asks for.
        train(sweep.id, typedWorkers(store().draft.workers).workers ?? undefined);
      }
    },
    cancel() {
      const sweep = store().sweep;
      if (!sweep || (sweep.status !== 'running' && sweep.status !== 'paused')) return;
      runner?.pool.cancel();
      runner = null;
      store().updateSweep(sweep.id, (s) => step.sweepStopped(s, 'cancelled', now()));
    },
    async runRecord(key) {
      const sweep = store().sweep;
      const run = sweep?.plan.find((r) => r.key === key);
      const events = run && (await keeper.runEvents(key));
      if (!sweep || !run || !events) return null;
      const name = runName(sweep, run);
      return { id: `sweep-${key}`, name, createdAt: sweep.createdAt, recipe: run.recipe, events };
    },
    crashOneWorker: () => runner?.crashOne() ?? false,
    defaultWorkers: options.defaultWorkers,
  };
}

/** The stored sweep as the lab shows it after a reload; null when it no longer reads. */
function restoredSweep(
  last: RestoredSweep,
  defaultWorkers: (recipe: Recipe) => number,
): step.LabSweep | null {
  const recipe = recipeSchema.safeParse({ ...defaultRecipe(), ...last.sweep.recipe });
  const spec = sweepSpecSchema.safeParse(last.sweep.spec);
  if (!recipe.success || !spec.success) return null;
  const { id, createdAt } = last.sweep;
  const fields = { id, createdAt, recipe: recipe.data, spec: spec.data };
  return step.newSweep({ ...fields, workers: defaultWorkers(recipe.data) }, last.results);
}
