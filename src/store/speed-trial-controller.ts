import type { RunPhase, SoftwareGpu, SpeedTrials } from '../engine/protocol';
import { backendLabel } from '../engine/backend/backend-label';
import { trialVerdict } from '../engine/backend/speed-trials';
import { useLab } from './lab-store';
import { runSpeedTrials, type TrialRun, type TrialWorker } from './speed-trial-runner';
import { writeSpeedTrials, type TrialStorage } from './speed-trial-cache';

/** How long the lab must sit idle before a trial starts: a click on Start usually comes sooner. */
export const TRIAL_IDLE_MS = 3000;

/** Phases in which nothing trains, so a trial takes no time from a run. */
const IDLE: readonly RunPhase[] = ['idle', 'paused', 'finished', 'failed'];

export interface SpeedTrialDeps {
  createWorker(): TrialWorker;
  storage: TrialStorage;
  userAgent: string;
  /** Gives the engines the new trials ('auto' reads them from its next selection on). */
  useSpeedTrials(trials: SpeedTrials): void;
}

/**
 * Runs this browser's speed trial once the engine has passed over a software GPU it had no trial
 * for and the lab has been idle {@link TRIAL_IDLE_MS}: a trial never competes with training, and
 * one that a Start interrupts is dropped and runs again at the next idle spell. The verdict is
 * cached (`speed-trial-cache.ts`), given to the engines, and shown on the badge. Returns a stop
 * function.
 */
export function startSpeedTrialController(deps: SpeedTrialDeps): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let trial: TrialRun | null = null;
  let finished = false;

  const cancel = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    trial?.cancel();
    trial = null;
  };

  const begin = (untimed: SoftwareGpu[]) => {
    timer = null;
    const names = untimed.map((gpu) => `software ${backendLabel(gpu.backend)}`).join(' and ');
    const gpus = untimed.map((gpu) => gpu.backend);
    const mine = runSpeedTrials(gpus, deps.createWorker);
    trial = mine; // before the store changes: its listeners call `update` again
    useLab.getState().setSpeedTrial(`Timing ${names} against the CPU path (a few seconds)…`);
    void mine.done.then((trials) => {
      if (!trials || trial !== mine) return;
      trial = null;
      finished = true;
      writeSpeedTrials(deps.storage, trials, deps.userAgent, Date.now());
      deps.useSpeedTrials(trials);
      const verdicts = untimed.map((gpu) => trialVerdict(gpu.backend, gpu.renderer, trials));
      useLab.getState().setSpeedTrial(`Measured just now: ${verdicts.join('; ')}.`);
    });
  };

  const update = () => {
    if (finished) return;
    const { run } = useLab.getState();
    const untimed = run.backend?.untimed ?? [];
    if (!untimed.length || !IDLE.includes(run.phase)) {
      const wasTiming = trial !== null;
      cancel(); // before the store changes: its listeners call this again
      if (wasTiming) useLab.getState().setSpeedTrial('');
      return;
    }
    if (!timer && !trial) timer = setTimeout(() => begin(untimed), TRIAL_IDLE_MS);
  };

  const unsubscribe = useLab.subscribe(update);
  update();
  return () => {
    unsubscribe();
    cancel();
  };
}
