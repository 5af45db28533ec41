/**
 * Reduces a paced engine run's event stamps (see paced-engine.ts) to the timings the bench
 * reports: windows, evaluation and PTQ sweep times, the engine's own speed field, and how long
 * the reads after each metrics read took.
 */
import type { EngineEvent } from '../engine/protocol';
import { median } from '../core/stats/median';
import type { EngineTiming } from './bench-types';
import type { Stamp } from './paced-engine';

/** Events that end a cadence step's evaluation group (after the metrics reads of that step). */
const EVAL_GROUP = new Set<EngineEvent['type']>([
  'test-metrics',
  'histogram',
  'layer-histograms',
  'layer-sqnr',
  'layer-outliers',
  'ptq',
]);

/** Events that come with a test evaluation, the last of which ends it. */
const EVAL_END = new Set<EngineEvent['type']>([
  'histogram',
  'layer-histograms',
  'layer-sqnr',
  'layer-outliers',
]);

/** One evaluation group: its step, when it began, when its evaluation and its sweep ended. */
interface EvalGroup {
  step: number;
  start: number;
  evalEnd: number | null;
  ptqEnd: number | null;
}

/** Evaluation and PTQ groups of a run, from the stamp just before each group to its last stamp. */
function evalGroups(stamps: readonly Stamp[]): EvalGroup[] {
  const groups: EvalGroup[] = [];
  stamps.forEach((s, i) => {
    if (!EVAL_GROUP.has(s.type) || s.step === null || s.step === 0 || i === 0) return;
    let group = groups.find((g) => g.step === s.step);
    if (!group) {
      group = { step: s.step, start: stamps[i - 1]!.t, evalEnd: null, ptqEnd: null };
      groups.push(group);
    }
    if (EVAL_END.has(s.type)) group.evalEnd = s.t;
    if (s.type === 'ptq') group.ptqEnd = s.t;
  });
  return groups;
}

/** Steps of the evaluations after training began (step 0's test comes before any histogram read). */
const evalSteps = (groups: readonly EvalGroup[]): ReadonlySet<number> =>
  new Set(groups.filter((g) => g.evalEnd !== null).map((g) => g.step));

const mean = (values: readonly number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

/** Mean gap from each `from` stamp to the next stamp of type `to` at the same step. */
function meanGap(
  stamps: readonly Stamp[],
  steps: ReadonlySet<number>,
  from: Stamp['type'],
  to: Stamp['type'],
): number {
  const gaps: number[] = [];
  stamps.forEach((s, i) => {
    if (s.type !== from || s.step === null || !steps.has(s.step)) return;
    let last: Stamp | null = null;
    for (let j = i + 1; j < stamps.length && stamps[j]!.step === s.step; j++) {
      if (stamps[j]!.type === to) last = stamps[j]!;
    }
    if (last) gaps.push(last.t - s.t);
  });
  return mean(gaps);
}

export { median };

/**
 * Timings of a run whose measured windows (after `warmup` steps) took `windowsMs`. The
 * window's median is the step time, so one burst of other work on the machine does not count.
 */
export function engineTiming(
  stamps: readonly Stamp[],
  windowsMs: number[],
  warmup: number,
  every: number,
): EngineTiming {
  const groups = evalGroups(stamps);
  const evals = groups.filter((g) => g.evalEnd !== null).map((g) => g.evalEnd! - g.start);
  const sweeps = groups
    .filter((g) => g.ptqEnd !== null)
    .map((g) => g.ptqEnd! - (g.evalEnd ?? g.start));
  const measured = stamps.filter(
    (s) => s.type === 'train-metrics' && s.step !== null && s.step > warmup,
  );
  const readSteps = new Set(measured.map((s) => s.step!));
  const layerStats = meanGap(stamps, readSteps, 'train-metrics', 'layer-stats');
  const techniquesEnd = meanGap(stamps, readSteps, 'train-metrics', 'technique-metrics');
  const traceEnd = meanGap(stamps, readSteps, 'train-metrics', 'weight-trace');
  return {
    msPerStep: median(windowsMs) / every,
    windowsMs,
    evalMs: mean(evals),
    inspectorMs: meanGap(stamps, evalSteps(groups), 'test-metrics', 'layer-outliers'),
    ptqMs: sweeps.length ? sweeps[sweeps.length - 1]! : null,
    reportedStepsPerSecond: mean(measured.map((s) => s.stepsPerSecond ?? 0)),
    reads: {
      layerStats,
      techniques: techniquesEnd ? techniquesEnd - layerStats : 0,
      weightTrace: traceEnd ? traceEnd - Math.max(techniquesEnd, layerStats) : 0,
    },
  };
}
