import type { BackendName, SpeedTrial, SpeedTrials } from '../protocol';
import { backendLabel } from './backend-label';

/**
 * Speed trials: how fast each backend trains the small CNN in this browser, measured by a short
 * timed run off the critical path (`speed-trial.ts`) and cached per browser by the page. 'auto'
 * reads them to choose between a software GPU and the fast CPU path, and the badge quotes them.
 * Pure: no tfjs, no DOM.
 */

/**
 * How long the page gives one backend's trial, worker start-up and warm-up step included, before
 * it terminates the worker. The worker stops starting timed steps a second earlier.
 */
export const SPEED_TRIAL_DEADLINE_MS = 5000;

/** The last timed steps whose median is the trial's time (fewer when the budget allows fewer). */
export const SPEED_TRIAL_STEPS = 3;

type TrialBackend = BackendName;

/** '1,020' */
const ms = (value: number) => Math.round(value).toLocaleString('en-US');

/**
 * Whether a software GPU `name` should train instead of the CPU path: only when both were timed
 * and it was faster. Null when the trials cannot say (no trial for one of them): auto then keeps
 * to the CPU path, as the adapter facts alone suggest.
 */
export function softwareGpuWins(name: TrialBackend, trials: SpeedTrials): boolean | null {
  const gpu = trials[name];
  const cpu = trials.cpu;
  if (!gpu || !cpu) return null;
  if (cpu.msPerStep === null) return gpu.msPerStep !== null;
  return gpu.msPerStep !== null && gpu.msPerStep < cpu.msPerStep;
}

/**
 * The badge's sentence for a trial that decided: 'CPU is faster than software WebGPU (SwiftShader)
 * here, 420 vs 1,020 ms/step in a 5 s trial' or the other way round; a trial without a time says
 * why ('no timed step within 5 s'). Short trials time the CPU path before the JIT is fully warm
 * (420 ms/step in 5 s, 275 in 20 s, ~190 in training here), so the sentence says how long it was.
 */
export function trialVerdict(name: TrialBackend, renderer: string, trials: SpeedTrials): string {
  const gpu = trials[name];
  const cpu = trials.cpu;
  if (!gpu || !cpu) return '';
  const soft = `software ${backendLabel(name)} (${renderer})`;
  const time = (trial: SpeedTrial) => (trial.msPerStep === null ? null : ms(trial.msPerStep));
  const [g, c] = [time(gpu), time(cpu)];
  const trial = `in a ${SPEED_TRIAL_DEADLINE_MS / 1000} s trial`;
  if (g !== null && c !== null) {
    return softwareGpuWins(name, trials)
      ? `${soft} is faster than CPU here, ${g} vs ${c} ms/step ${trial}`
      : `CPU is faster than ${soft} here, ${c} vs ${g} ms/step ${trial}`;
  }
  if (c !== null) return `CPU is faster than ${soft} here, ${c} ms/step vs ${gpu.failure}`;
  if (g !== null) return `${soft} is faster than CPU here, ${g} ms/step vs ${cpu.failure}`;
  return `neither ${soft} nor CPU finished a timed step (${gpu.failure}; ${cpu.failure})`;
}

/** 'no timed step within 5 s': a trial that ran out of time. */
export function outOfTime(budgetMs = SPEED_TRIAL_DEADLINE_MS): string {
  return `no timed step within ${budgetMs / 1000} s`;
}
