/** What the "Re-quantize the trained weights" panel decides, as pure functions of the store. */
import { MAX_STEP_SCALE, ptqQuantizerSchema } from '../../settings/ptq-quantizer';
import type { RunState } from '../../store/run-state';

/**
 * Why the trained weights cannot be re-quantized now, or null when they can: the same rule the
 * engine enforces (a paused or finished run, or a diverged one, which is back at its last good
 * weights), said before the click.
 */
export function requantizeBlockedReason(run: Pick<RunState, 'recipe' | 'phase' | 'error'>) {
  if (run.phase === 'running' || run.phase === 'loading') {
    return 'Training is running: pause it or let it finish, then re-quantize.';
  }
  const diverged = run.phase === 'failed' && run.error?.kind === 'diverged';
  const idle = run.phase === 'paused' || run.phase === 'finished' || diverged;
  if (run.recipe === null || !idle) {
    return 'There are no trained weights yet: train a run, then pause it or let it finish.';
  }
  return null;
}

/** A typed step scale as a number, or one sentence on why it cannot be used. */
export function parseStepScale(
  text: string,
): { ok: true; value: number } | { ok: false; message: string } {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  return ptqQuantizerSchema.shape.stepScale.safeParse(value).success
    ? { ok: true, value }
    : { ok: false, message: `Step scale: a number above 0 and at most ${MAX_STEP_SCALE}.` };
}

/**
 * A run's error when it is a refusal that arrived after the last click (`atClick`: the run's
 * error then; undefined before any click), else null.
 */
export function newRejection(
  error: RunState['error'],
  atClick: RunState['error'] | undefined,
): string | null {
  if (atClick === undefined || !error || error === atClick) return null;
  return error.kind === 'rejected' ? error.message : null;
}
