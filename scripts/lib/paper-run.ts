/**
 * One paper-check run on an engine in Node: the sweep's engine driver (src/sweep/engine-driver.ts)
 * on the tfjs CPU backend, with the run summary as the paper-check's record. The worker processes
 * of `npm run paper-check` call it, and so does the reproducibility test, so what it measures is
 * what the report uses.
 */
import type { EngineEvent } from '../../src/engine/protocol';
import type { RunJob } from '../../src/sweep/engine-driver';
import { createNodeEngine } from './node-engine';
import type { RunRecord } from './paper-record';

/** What a run gave: its record and every event, or the engine's error. */
export type RunOutcome =
  { record: RunRecord; events: EngineEvent[] } | { error: string; events: EngineEvent[] };

export interface PaperEngine {
  run(job: RunJob): Promise<RunOutcome>;
  destroy(): Promise<void>;
}

/** An engine on the tfjs CPU backend in Node that trains runs one at a time. */
export function createPaperEngine(): PaperEngine {
  const { engine, runner } = createNodeEngine();
  return {
    async run(job) {
      const outcome = await runner.run(job);
      return 'error' in outcome ? outcome : { record: outcome.summary, events: outcome.events };
    },
    destroy: () => engine.destroy(),
  };
}
