import {
  BACKEND_NAMES,
  speedTrialSchema,
  type BackendName,
  type SpeedTrial,
  type SpeedTrials,
} from '../engine/protocol';
import { outOfTime, SPEED_TRIAL_DEADLINE_MS } from '../engine/backend/speed-trials';

/** What the runner needs of a trial worker (a Worker, or a fake in tests). */
export interface TrialWorker {
  postMessage(message: { backend: BackendName; budgetMs: number }): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

/** A running set of trials: its result, and a way to stop it (no result is then kept). */
export interface TrialRun {
  done: Promise<SpeedTrials | null>;
  cancel(): void;
}

/**
 * Time `backends` one after another, each in a fresh worker that is terminated when it answers or
 * at {@link SPEED_TRIAL_DEADLINE_MS} (a backend that hangs, or loses its device, falls back within
 * the deadline and says why). The CPU path is timed first: it is what the others are weighed
 * against. `done` is null when cancelled.
 */
export function runSpeedTrials(
  backends: readonly BackendName[],
  createWorker: () => TrialWorker,
  onTrial: (backend: BackendName, trial: SpeedTrial) => void = () => {},
): TrialRun {
  let current: { worker: TrialWorker; settle(trial: SpeedTrial | null): void } | null = null;
  let cancelled = false;
  const order = BACKEND_NAMES.filter((name) => name === 'cpu' || backends.includes(name)).reverse();

  const one = (backend: BackendName) =>
    new Promise<SpeedTrial | null>((resolve) => {
      const worker = createWorker();
      const timer = setTimeout(
        () => settle({ msPerStep: null, failure: outOfTime() }),
        SPEED_TRIAL_DEADLINE_MS,
      );
      const settle = (trial: SpeedTrial | null) => {
        clearTimeout(timer);
        worker.terminate();
        current = null;
        resolve(trial);
      };
      current = { worker, settle };
      worker.addEventListener('message', (event) => {
        const parsed = speedTrialSchema.safeParse(event.data);
        settle(parsed.success ? parsed.data : { msPerStep: null, failure: 'a malformed answer' });
      });
      worker.addEventListener('error', (event) =>
        settle({ msPerStep: null, failure: event.message || 'the trial worker crashed' }),
      );
      worker.postMessage({ backend, budgetMs: SPEED_TRIAL_DEADLINE_MS - 1000 });
    });

  const done = (async () => {
    const trials: SpeedTrials = {};
    for (const backend of order) {
      const trial = await one(backend);
      if (cancelled || !trial) return null;
      trials[backend] = trial;
      onTrial(backend, trial);
    }
    return trials;
  })();
  return {
    done,
    cancel() {
      cancelled = true;
      current?.settle(null);
    },
  };
}
