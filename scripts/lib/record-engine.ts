/**
 * The engine a preset is recorded on: the lab's engine in Node (`node-env.ts`, the CPU backend)
 * driven by the sweep's engine driver, as `npm run train` and paper-check runs are. It can stop a
 * run early, after the metrics of a given step, to record a prefix of it.
 */
import type { EngineEvent } from '../../src/engine/protocol';
import type { Recipe } from '../../src/settings/schema';
import { createNodeEngine } from './node-engine';

/** A run's events, or the engine's error (with the events up to it). */
export type RecordOutcome = { events: EngineEvent[] } | { error: string; events: EngineEvent[] };

/** Options of one recorded run. */
export interface RecordRunOptions {
  /** Pause the run once train metrics of this run step (or a later one) arrive: a prefix. */
  stopAt?: number;
  /** Called with every event as it arrives (progress). */
  onEvent?(event: EngineEvent): void;
}

export interface RecordEngine {
  /** Train `recipe` to its end (or to `stopAt`) and return every event, in order. */
  run(recipe: Recipe, options?: RecordRunOptions): Promise<RecordOutcome>;
  destroy(): Promise<void>;
}

/**
 * One engine for several runs, one at a time, so runs that share a float pretraining train it once
 * (the engine's pretrain cache).
 */
export function createRecordEngine(): RecordEngine {
  let current: RecordRunOptions = {};
  let stopping = false;
  const { engine, runner } = createNodeEngine((event) => {
    current.onEvent?.(event);
    const due = event.type === 'train-metrics' && event.step >= (current.stopAt ?? Infinity);
    if (due && !stopping) {
      stopping = true;
      void engine.handle({ type: 'pause' });
    }
  });
  return {
    async run(recipe, options = {}) {
      current = options;
      stopping = false;
      const outcome = await runner.run({ recipe });
      current = {};
      return 'error' in outcome ? outcome : { events: outcome.events };
    },
    destroy: () => engine.destroy(),
  };
}
