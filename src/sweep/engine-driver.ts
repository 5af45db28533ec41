/**
 * Drives one engine through its protocol for one run: start the recipe, wait for its end, ask for
 * any extra PTQ sweeps, and reduce the events to a run summary. The same driver runs paper-check
 * runs in Node and sweep runs in the lab's workers, so there is one way to "do a run".
 */
import type { EngineCommand, EngineEvent } from '../engine/protocol';
import type { PtqQuantizer } from '../settings/ptq-quantizer';
import type { Recipe } from '../settings/schema';
import { summarizeRun, type EventOf, type RunSummary } from './run-summary';

/** An engine seen through its protocol: a Worker in the lab, the engine itself in Node. */
export interface EnginePort {
  send(command: EngineCommand): void;
  /** Deliver every event, in order, and a crash of the engine; returns an unsubscribe. */
  listen(onEvent: (event: EngineEvent) => void, onCrash: (error: Error) => void): () => void;
}

/** An extra PTQ sweep of the final weights with another quantizer, named by `id`. */
export interface ExtraSweep {
  id: string;
  quantizer: Partial<PtqQuantizer>;
}

/** One run to do. */
export interface RunJob {
  recipe: Recipe;
  sweeps?: readonly ExtraSweep[];
}

/** What a run gave: its summary and every event, or the engine's error (a diverged run is a summary). */
export type RunOutcome =
  { summary: RunSummary; events: EngineEvent[] } | { error: string; events: EngineEvent[] };

const rejected = (e: EngineEvent) => e.type === 'error' && e.kind === 'rejected';
const ended = (e: EngineEvent) =>
  (e.type === 'phase' && ['finished', 'failed', 'idle'].includes(e.phase)) || rejected(e);

export interface EngineRunner {
  /** Do one run; rejects only when the engine crashed (the pool then re-queues the run). */
  run(job: RunJob): Promise<RunOutcome>;
  /** Pause the run in progress (its `paused` phase does not end it) and resume it. */
  pause(): void;
  resume(): void;
  dispose(): void;
}

export function createEngineRunner(port: EnginePort): EngineRunner {
  let events: EngineEvent[] = [];
  let waiting: { until(e: EngineEvent): boolean; resolve(): void; reject(e: Error): void } | null =
    null;
  let pausing = false;
  const unsubscribe = port.listen(
    (event) => {
      events.push(event);
      const pausedByUs = pausing && event.type === 'phase' && event.phase === 'paused';
      if (!pausedByUs && waiting?.until(event)) waiting.resolve();
    },
    (error) => waiting?.reject(error),
  );
  /** Send `command` and wait for the event that ends it. */
  const perform = (command: EngineCommand, until: (e: EngineEvent) => boolean) =>
    new Promise<void>((resolve, reject) => {
      waiting = { until, resolve, reject };
      port.send(command);
    }).finally(() => (waiting = null));

  async function run({ recipe, sweeps = [] }: RunJob): Promise<RunOutcome> {
    events = [];
    await perform({ type: 'start', recipe }, (e) => ended(e) || (!pausing && isPaused(e)));
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
    return { summary: summarizeRun(ofRun, recipe, answered), events };
  }

  return {
    run,
    pause() {
      pausing = true;
      port.send({ type: 'pause' });
    },
    resume() {
      pausing = false;
      port.send({ type: 'resume' });
    },
    dispose: unsubscribe,
  };
}

const isPaused = (e: EngineEvent) => e.type === 'phase' && e.phase === 'paused';
