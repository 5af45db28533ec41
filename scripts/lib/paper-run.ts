/**
 * One paper-check run on an engine: train the recipe to its end, then ask for the extra PTQ
 * sweeps, and reduce the events to a record. The worker processes of `npm run paper-check` call
 * it, and so does the reproducibility test, so what it measures is what the report uses.
 */
import { createEngine } from '../../src/engine/engine';
import type { EngineCommand, EngineEvent } from '../../src/engine/protocol';
import type { RunSpec } from './paper-arms';
import { nodeEnv } from './node-env';
import { summarizeRun, type EventOf, type RunRecord } from './paper-record';

/** What a run gave: its record and every event, or the engine's error. */
export type RunOutcome =
  { record: RunRecord; events: EngineEvent[] } | { error: string; events: EngineEvent[] };

export interface PaperEngine {
  run(spec: Pick<RunSpec, 'recipe' | 'sweeps'>): Promise<RunOutcome>;
  destroy(): Promise<void>;
}

const rejected = (e: EngineEvent) => e.type === 'error' && e.kind === 'rejected';
const runEnded = (e: EngineEvent) =>
  (e.type === 'phase' && ['finished', 'failed', 'paused', 'idle'].includes(e.phase)) || rejected(e);

/** An engine on the tfjs CPU backend in Node that trains paper-check runs one at a time. */
export function createPaperEngine(): PaperEngine {
  let events: EngineEvent[] = [];
  let waiting: { until(e: EngineEvent): boolean; resolve(): void } | null = null;
  const engine = createEngine(nodeEnv, (event) => {
    events.push(event);
    if (waiting?.until(event)) waiting.resolve();
  });
  /** Send `command` and wait for the event that ends it. */
  const perform = async (command: EngineCommand, until: (e: EngineEvent) => boolean) => {
    const done = new Promise<void>((resolve) => (waiting = { until, resolve }));
    await engine.handle(command);
    await done;
    waiting = null;
  };

  async function run({ recipe, sweeps }: Pick<RunSpec, 'recipe' | 'sweeps'>): Promise<RunOutcome> {
    events = [];
    await perform({ type: 'start', recipe }, runEnded);
    const failure = events.find((e) => e.type === 'error' && e.kind !== 'diverged');
    if (failure?.type === 'error') return { error: `${failure.kind}: ${failure.message}`, events };
    const ofRun = events.slice();
    const diverged = ofRun.some((e) => e.type === 'error' && e.kind === 'diverged');
    const answered = new Map<string, EventOf<'ptq'>>();
    for (const sweep of diverged ? [] : sweeps) {
      const from = events.length;
      await perform(
        { type: 'ptq', quantizer: sweep.quantizer },
        (e) => e.type === 'ptq' || rejected(e),
      );
      const answer = events.slice(from).find((e): e is EventOf<'ptq'> => e.type === 'ptq');
      if (!answer)
        return { error: `sweep ${sweep.id} refused: ${JSON.stringify(events.at(-1))}`, events };
      answered.set(sweep.id, answer);
    }
    return { record: summarizeRun(ofRun, recipe, answered), events };
  }

  return { run, destroy: () => engine.destroy() };
}
