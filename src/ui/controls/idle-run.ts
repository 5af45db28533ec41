import type { LabState } from '../../store/lab-store';

/** Why an analysis button is disabled while no run is idle. */
export const IDLE_RUN_HINT = 'Train, then pause or finish a run first';

/**
 * Whether run A holds weights the engine can analyse now: paused, finished, or diverged (a
 * diverged run is back at its last good weights, which can still be analysed).
 */
export function selectIdleRun(s: LabState): boolean {
  const { recipe, phase, error } = s.run;
  return (
    recipe !== null &&
    (phase === 'paused' ||
      phase === 'finished' ||
      (phase === 'failed' && error?.kind === 'diverged'))
  );
}
