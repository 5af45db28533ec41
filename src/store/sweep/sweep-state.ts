/**
 * A sweep in the lab as plain data, and the pure steps that change it: started, a run's step, a
 * run's result or failure, paused, resumed, ended. The controller feeds them from the job pool;
 * the store only holds the result.
 */
import type { Recipe } from '../../settings/schema';
import type { RunSummary } from '../../sweep/run-summary';
import { planSweep } from '../../sweep/sweep-plan';
import type { SweepRun, SweepSpec } from '../../sweep/sweep-types';

/** Where a sweep stands. 'paused' also means stopped with runs left (e.g. after a reload). */
export type SweepStatus = 'running' | 'paused' | 'done' | 'cancelled';

/** Training speed bookkeeping: steps trained and time spent training in this page's life. */
export interface SweepClock {
  /** Steps of the runs finished since the page loaded. */
  doneSteps: number;
  /** Steps reached by each run in flight, by run key. */
  inFlight: Record<string, number>;
  /** Training time before the current stretch (ms). */
  activeMs: number;
  /** When the current stretch of training began (ms since the epoch); null while stopped. */
  since: number | null;
}

/** One sweep: recipe A, the spec, its planned runs and what they gave. */
export interface LabSweep {
  id: string;
  /** When the sweep was first started (ms since the epoch). */
  createdAt: number;
  recipe: Recipe;
  spec: SweepSpec;
  /** Every planned run, in training order. */
  plan: SweepRun[];
  /** Summaries of the finished runs (diverged ones included), by run key. */
  results: Record<string, RunSummary>;
  /** Runs the engine refused or that crashed every worker they ran on: key → message. */
  failed: Record<string, string>;
  status: SweepStatus;
  /** Workers at once. */
  workers: number;
  clock: SweepClock;
  /** The last thing worth telling (a crashed worker, a failed run), or null. */
  notice: string | null;
}

/** What a sweep's progress bar and counters show. */
export interface SweepCounts {
  total: number;
  /** Finished runs (diverged ones included). */
  done: number;
  diverged: number;
  failed: number;
  /** Planned runs without a result (failed ones included): what Resume runs. */
  missing: number;
}

const idleClock = (): SweepClock => ({ doneSteps: 0, inFlight: {}, activeMs: 0, since: null });

/** Every step a run trains: its float pretraining, then its own steps. */
export const runSteps = (recipe: Recipe) => recipe.pretrainSteps + recipe.steps;

/**
 * A new sweep of `spec` over recipe A, stopped. `known` results (e.g. of the sweep before) are
 * kept for the runs the new plan shares, so they are not trained again.
 */
export function newSweep(
  fields: { id: string; createdAt: number; recipe: Recipe; spec: SweepSpec; workers: number },
  known: Readonly<Record<string, RunSummary>> = {},
): LabSweep {
  const plan = planSweep(fields.recipe, fields.spec);
  const results = Object.fromEntries(
    plan.flatMap((r) => (known[r.key] ? [[r.key, known[r.key]]] : [])),
  );
  const sweep: LabSweep = {
    ...fields,
    plan,
    results,
    failed: {},
    status: 'paused',
    clock: idleClock(),
    notice: null,
  };
  return missingRuns(sweep).length === 0 ? { ...sweep, status: 'done' } : sweep;
}

/** The planned runs without a result, in training order. */
export function missingRuns(sweep: LabSweep): SweepRun[] {
  return sweep.plan.filter((r) => !(r.key in sweep.results));
}

export function sweepCounts(sweep: LabSweep): SweepCounts {
  const summaries = sweep.plan.flatMap((r) => sweep.results[r.key] ?? []);
  return {
    total: sweep.plan.length,
    done: summaries.length,
    diverged: summaries.filter((s) => s.diverged !== null).length,
    failed: sweep.plan.filter((r) => r.key in sweep.failed && !(r.key in sweep.results)).length,
    missing: sweep.plan.length - summaries.length,
  };
}

/** Training (again) from `now`: failures are forgotten, as Resume retries them. */
export function sweepRunning(sweep: LabSweep, now: number, workers = sweep.workers): LabSweep {
  const clock = { ...stopClock(sweep.clock, now), since: now };
  return { ...sweep, status: 'running', workers, failed: {}, clock, notice: null };
}

/** Stopped at `now` with `status`; runs in flight are dropped from the clock. */
export function sweepStopped(sweep: LabSweep, status: SweepStatus, now: number): LabSweep {
  const clock = stopClock(sweep.clock, now);
  return { ...sweep, status, clock: status === 'paused' ? clock : { ...clock, inFlight: {} } };
}

/** A run in flight reached `step`. */
export function withStep(sweep: LabSweep, key: string, step: number): LabSweep {
  return {
    ...sweep,
    clock: { ...sweep.clock, inFlight: { ...sweep.clock.inFlight, [key]: step } },
  };
}

/** A run finished (diverged runs too: a divergence is a result). */
export function withResult(sweep: LabSweep, run: SweepRun, summary: RunSummary): LabSweep {
  const inFlight = without(sweep.clock.inFlight, run.key);
  const failed = without(sweep.failed, run.key);
  const doneSteps = sweep.clock.doneSteps + runSteps(run.recipe);
  return {
    ...sweep,
    results: { ...sweep.results, [run.key]: summary },
    failed,
    clock: { ...sweep.clock, inFlight, doneSteps },
  };
}

/** A run left the workers without a result: `message` when it failed for good, else re-queued. */
export function withLostRun(
  sweep: LabSweep,
  run: SweepRun,
  message: string,
  failedForGood: boolean,
): LabSweep {
  const inFlight = without(sweep.clock.inFlight, run.key);
  const failed = failedForGood ? { ...sweep.failed, [run.key]: message } : sweep.failed;
  return { ...sweep, failed, clock: { ...sweep.clock, inFlight }, notice: message };
}

/** Steps per second over this page's training time; null until there is something to go by. */
export function stepsPerSecond(sweep: LabSweep, now: number): number | null {
  const ms = activeMs(sweep.clock, now);
  const steps = sweep.clock.doneSteps + sum(Object.values(sweep.clock.inFlight));
  return ms < 1000 || steps === 0 ? null : (steps * 1000) / ms;
}

/** Seconds until every missing run is trained at the current speed; null when unknown. */
export function etaSeconds(sweep: LabSweep, now: number): number | null {
  const rate = stepsPerSecond(sweep, now);
  if (rate === null) return null;
  const todo = sum(missingRuns(sweep).map((r) => runSteps(r.recipe)));
  return Math.max(0, todo - sum(Object.values(sweep.clock.inFlight))) / rate;
}

function activeMs(clock: SweepClock, now: number): number {
  return clock.activeMs + (clock.since === null ? 0 : Math.max(0, now - clock.since));
}

function stopClock(clock: SweepClock, now: number): SweepClock {
  return { ...clock, activeMs: activeMs(clock, now), since: null };
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** A copy of `record` without `key`. */
function without<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** The run of the baseline value with the same seed as the run `key` (to open beside it). */
export function baselinePartner(
  plan: readonly SweepRun[],
  key: string,
  baseline: number,
): SweepRun | null {
  const run = plan.find((r) => r.key === key);
  if (!run) return null;
  return plan.find((r) => r.valueIndex === baseline && r.seedIndex === run.seedIndex) ?? null;
}
