// A sweep's pure steps: planned and carried-over results, results and lost runs counted, the
// clock's steps/s and ETA, and the baseline run a run is opened beside.
import { describe, expect, test } from 'vitest';
import { defaultRecipe } from '../../../src/settings/schema';
import {
  baselinePartner,
  etaSeconds,
  missingRuns,
  newSweep,
  stepsPerSecond,
  sweepCounts,
  sweepRunning,
  sweepStopped,
  withLostRun,
  withResult,
  withStep,
} from '../../../src/store/sweep/sweep-state';
import { summarizeRun } from '../../../src/sweep/run-summary';
import type { SweepSpec } from '../../../src/sweep/sweep-types';
import { runEvents } from './fake-engine-worker';

const recipe = { ...defaultRecipe(), steps: 10 };
const spec: SweepSpec = {
  knob: 'learningRate',
  values: [0.001, 0.01],
  seeds: 2,
  metric: 'test-acc',
};
const fields = { id: 's1', createdAt: 0, recipe, spec, workers: 2 };
const summary = (diverges = false) =>
  summarizeRun(runEvents(recipe, { diverges: () => diverges }), recipe);

describe('sweep state', () => {
  test('a new sweep plans every run seed-major and keeps known results of shared runs', () => {
    const first = newSweep(fields);
    expect(first.plan.map((r) => [r.valueIndex, r.seedIndex])).toEqual([
      [0, 0],
      [1, 0],
      [0, 1],
      [1, 1],
    ]);
    expect(first.status).toBe('paused');
    const known = { [first.plan[0]!.key]: summary(), unrelated: summary() };
    const second = newSweep({ ...fields, id: 's2' }, known);
    expect(Object.keys(second.results)).toEqual([first.plan[0]!.key]);
    expect(missingRuns(second)).toHaveLength(3);
    const all = Object.fromEntries(first.plan.map((r) => [r.key, summary()]));
    expect(newSweep(fields, all).status).toBe('done');
  });

  test('results, divergences and lost runs are counted; a retry forgets failures', () => {
    let sweep = sweepRunning(newSweep(fields), 0);
    const [a, b, c] = sweep.plan;
    sweep = withResult(sweep, a!, summary());
    sweep = withResult(sweep, b!, summary(true));
    sweep = withLostRun(sweep, c!, 'crashed twice', true);
    expect(sweepCounts(sweep)).toEqual({ total: 4, done: 2, diverged: 1, failed: 1, missing: 2 });
    expect(sweep.notice).toBe('crashed twice');
    const requeued = withLostRun(sweep, sweep.plan[3]!, 'queued again', false);
    expect(sweepCounts(requeued).failed).toBe(1);
    expect(sweepCounts(sweepRunning(sweep, 10)).failed).toBe(0);
  });

  test('steps/s counts finished and in-flight steps over training time only', () => {
    let sweep = sweepRunning(newSweep(fields), 0);
    expect(stepsPerSecond(sweep, 500)).toBeNull();
    sweep = withResult(sweep, sweep.plan[0]!, summary());
    sweep = withStep(sweep, sweep.plan[1]!.key, 10);
    expect(stepsPerSecond(sweep, 2000)).toBe(10); // 20 steps in 2 s
    // 3 runs × 10 steps missing, 10 of them in flight: 20 steps at 10/s.
    expect(etaSeconds(sweep, 2000)).toBe(2);
    // Paused time does not count.
    const paused = sweepStopped(sweep, 'paused', 2000);
    expect(stepsPerSecond(sweepRunning(paused, 60_000), 60_000)).toBe(10);
    expect(sweepStopped(sweep, 'cancelled', 2000).clock.inFlight).toEqual({});
  });

  test('a run opens beside the baseline value’s run of the same seed', () => {
    const { plan } = newSweep(fields);
    expect(baselinePartner(plan, plan[3]!.key, 0)).toBe(plan[2]);
    expect(baselinePartner(plan, 'nope', 0)).toBeNull();
  });
});
