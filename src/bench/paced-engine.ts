/**
 * The lab engine as the lab runs it (`createEngine`, real environment, `start` / `pause` /
 * `resume` commands only), driven one metrics window at a time so that other loops can be timed
 * between its windows on the same machine state. Every event is timestamped as it is emitted.
 */
import { createEngine, type Engine, type EngineEnv } from '../engine/engine';
import type { EngineEvent, RunPhase } from '../engine/protocol';
import type { Recipe } from '../settings/schema';

/** The part of an engine event the timing needs, stamped with `performance.now()` on arrival. */
export interface Stamp {
  t: number;
  type: EngineEvent['type'];
  step: number | null;
  stepsPerSecond: number | null;
  phase: RunPhase | null;
}

/** Events of the metrics cadence: a window ends with the last of these at its last step. */
export const METRICS_GROUP = new Set<EngineEvent['type']>([
  'train-metrics',
  'layer-stats',
  'technique-metrics',
  'weight-trace',
]);

function stamp(event: EngineEvent): Stamp {
  return {
    t: performance.now(),
    type: event.type,
    step: 'step' in event && typeof event.step === 'number' ? event.step : null,
    stepsPerSecond: event.type === 'train-metrics' ? event.stepsPerSecond : null,
    phase: event.type === 'phase' ? event.phase : null,
  };
}

/** An engine run advanced window by window. */
export interface PacedEngine {
  /** Every event so far, stamped. */
  readonly stamps: readonly Stamp[];
  /** Start the run and train `steps` steps (a multiple of `metricsEvery`), then pause. */
  warmUp(steps: number): Promise<void>;
  /**
   * Resume for `steps` more steps and pause again (or finish, at the run's last step). Resolves
   * to the window's ms: from the loop's restart to the last metrics-cadence event at its last
   * step, so it holds the steps, their yields and one complete round of cadence reads, and no
   * evaluation (which follows those reads).
   */
  window(steps: number): Promise<number>;
  destroy(): Promise<void>;
}

/** A paced run of `recipe` on a fresh engine. */
export function pacedEngine(env: EngineEnv, recipe: Recipe): PacedEngine {
  const stamps: Stamp[] = [];
  let pauseAt = -1;
  let settle: ((error: string | null) => void) | null = null;
  const engine: Engine = createEngine(env, (event) => {
    const s = stamp(event);
    stamps.push(s);
    if (event.type === 'train-metrics' && event.step === pauseAt && event.step < recipe.steps) {
      void engine.handle({ type: 'pause' });
    }
    if (event.type === 'error') settle?.(`${event.kind}: ${event.message}`);
    if (s.phase === 'paused' || s.phase === 'finished') settle?.(null);
    if (event.type === 'phase' && event.phase === 'failed') settle?.(event.message);
  });

  /** Send `command`, then wait until the loop pauses or finishes at step `until`. */
  async function runUntil(until: number, command: 'start' | 'resume'): Promise<void> {
    pauseAt = until;
    const stopped = new Promise<string | null>((resolve) => (settle = resolve));
    await engine.handle(command === 'start' ? { type: 'start', recipe } : { type: 'resume' });
    const error = await stopped;
    settle = null;
    if (error) throw new Error(`The engine run failed: ${error}`);
  }

  let step = 0;
  return {
    stamps,
    async warmUp(steps) {
      step = steps;
      await runUntil(step, 'start');
    },
    async window(steps) {
      const from = stamps.length;
      step += steps;
      await runUntil(step, 'resume');
      const mine = stamps.slice(from);
      const start = mine.find((s) => s.phase === 'running');
      const ends = mine.filter((s) => s.step === step && METRICS_GROUP.has(s.type));
      if (!start || !ends.length) throw new Error(`No complete window up to step ${step}`);
      return ends[ends.length - 1]!.t - start.t;
    },
    destroy: () => engine.destroy(),
  };
}
