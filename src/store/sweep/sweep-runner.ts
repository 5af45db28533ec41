/**
 * The lab's sweep runner: a job pool (sweep/job-pool.ts) of engine Web Workers, each driven
 * through its protocol by the engine driver (sweep/engine-driver.ts). The workers come from a
 * factory the UI passes in, so the store never knows how the bundler names the worker script.
 */
import { parseEvent, type BackendName, type EngineEvent } from '../../engine/protocol';
import type { Recipe } from '../../settings/schema';
import { createEngineRunner, type EnginePort, type RunOutcome } from '../../sweep/engine-driver';
import { runJobPool, type JobPool, type PoolWorker } from '../../sweep/job-pool';
import type { SweepRun } from '../../sweep/sweep-types';
import type { WorkerPort } from '../engine-bridge';
import { MAX_WORKERS, MIN_WORKERS } from './sweep-draft';

/** Most workers the default picks on a CPU backend (each worker trains on its own core). */
export const MAX_DEFAULT_CPU_WORKERS = 4;
/** Workers on a GPU backend: two keep the device busy while one reads back metrics. */
export const GPU_WORKERS = 2;

/**
 * The default number of workers: min(cores − 1, 4) on the CPU backend (one core is left to the
 * page), 2 on a GPU backend. `reported` is the backend the lab's engine runs on, which tells what
 * 'auto' picks; before it is known, 'auto' counts as a GPU backend (the cautious choice).
 */
export function defaultWorkerCount(
  backend: Recipe['backend'],
  reported: BackendName | null,
  cores: number | undefined,
): number {
  const onCpu = backend === 'cpu' || (backend === 'auto' && reported === 'cpu');
  if (!onCpu) return GPU_WORKERS;
  const spare = (cores ?? 2) - 1;
  return Math.max(MIN_WORKERS, Math.min(MAX_DEFAULT_CPU_WORKERS, MAX_WORKERS, spare));
}

/** What the runner reports while it works. */
export interface SweepRunnerHooks {
  onStep(run: SweepRun, step: number): void;
  onOutcome(run: SweepRun, outcome: RunOutcome): void;
  /** The worker died during `run`; it is queued again unless `willRetry` is false. */
  onCrash(run: SweepRun, error: Error, willRetry: boolean): void;
}

/** A running sweep pool, plus a fault drill for the end-to-end tests. */
export interface SweepRunner {
  pool: JobPool;
  /** Crash one worker that has a run in flight (as an uncaught error would); false if none has. */
  crashOne(): boolean;
}

/** Train `runs` on `size` workers made by `createWorker`. */
export function startSweepRunner(
  runs: readonly SweepRun[],
  size: number,
  createWorker: () => WorkerPort,
  hooks: SweepRunnerHooks,
): SweepRunner {
  const busy = new Set<WorkerPort>();
  const pool = runJobPool<SweepRun, RunOutcome>(runs, {
    size,
    createWorker: () => sweepWorker(createWorker(), hooks, busy),
    onResult: hooks.onOutcome,
    onCrash: hooks.onCrash,
  });
  const crashOne = () => {
    const [worker] = busy;
    worker?.postMessage({ type: 'simulate-crash' });
    return worker !== undefined;
  };
  return { pool, crashOne };
}

/** One pool worker: a Web Worker with its engine driver; `busy` holds it while a run is in it. */
function sweepWorker(
  worker: WorkerPort,
  hooks: SweepRunnerHooks,
  busy: Set<WorkerPort>,
): PoolWorker<SweepRun, RunOutcome> {
  let current: SweepRun | null = null;
  const onEvent = (event: EngineEvent) => {
    if (event.type === 'train-metrics' && current) hooks.onStep(current, event.step);
  };
  const runner = createEngineRunner(workerPort(worker, onEvent));
  return {
    async run(job) {
      current = job;
      busy.add(worker);
      try {
        return await runner.run({ recipe: job.recipe });
      } finally {
        current = null;
        busy.delete(worker);
      }
    },
    pause: runner.pause,
    resume: runner.resume,
    terminate() {
      busy.delete(worker);
      runner.dispose();
      worker.terminate();
    },
  };
}

/**
 * A Worker as the driver's engine port: commands out, validated events in (a malformed one
 * becomes a protocol error, as in the lab's bridge), and the worker's error event as a crash.
 * `tap` sees every event first.
 */
export function workerPort(worker: WorkerPort, tap: (event: EngineEvent) => void): EnginePort {
  let listening = true;
  return {
    send: (command) => worker.postMessage(command),
    listen(onEvent, onCrash) {
      worker.addEventListener('message', (message) => {
        if (!listening) return;
        let event: EngineEvent;
        try {
          event = parseEvent(message.data);
        } catch (error) {
          event = { type: 'error', kind: 'protocol', message: String(error) };
        }
        tap(event);
        onEvent(event);
      });
      worker.addEventListener('error', (event) => {
        if (listening) onCrash(new Error(event.message || 'the sweep worker crashed'));
      });
      return () => {
        listening = false;
      };
    },
  };
}
