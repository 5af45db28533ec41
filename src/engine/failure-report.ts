import type { EngineEvent } from './protocol';
import { RecipeError } from './recipe-error';

/** How long a failure on a GPU device waits for the device's loss to show before it is reported. */
export const LOSS_GRACE_MS = 2000;
const LOSS_POLL_MS = 50;

/** What the failure report reads about the engine when a failure comes in. */
export interface FailureReportDeps {
  emit(event: EngineEvent): void;
  /** A device loss is being handled: failures of work on the dead device are not reported. */
  lossPending(): boolean;
  /** Whether the active backend runs on a GPU device that could be lost. */
  hasGpuDevice(): boolean;
  /** Whether a run exists: a refused recipe leaves the lab paused on it, else idle. */
  hasRun(): boolean;
}

/** Turns a failed command or loop into its `error` and `phase` events. */
export type ReportFailure = (error: unknown) => Promise<void>;

export function createFailureReport(deps: FailureReportDeps): ReportFailure {
  return async (error) => {
    // A read on a dying GPU device can fail before its `lost` promise settles: give the loss a
    // moment to show, so the user sees one clear device-loss message, not an internal error first.
    if (!deps.lossPending() && deps.hasGpuDevice()) await lossGrace(deps.lossPending);
    if (deps.lossPending()) return; // work on the dead device failed; the recovery reports the loss
    const message = errorMessage(error);
    if (error instanceof RecipeError) {
      // Refused before training: nothing changed, so the lab is ready again.
      deps.emit({ type: 'error', kind: 'rejected', message });
      deps.emit({ type: 'phase', phase: deps.hasRun() ? 'paused' : 'idle', message });
      return;
    }
    deps.emit({ type: 'error', kind: failureKind(error), message });
    deps.emit({ type: 'phase', phase: 'failed', message });
  };
}

/** A broken data asset is the data's fault; anything else is the engine's. */
function failureKind(error: unknown): 'data' | 'internal' {
  return error instanceof Error && error.name === 'DatasetFormatError' ? 'data' : 'internal';
}

/** Wait up to {@link LOSS_GRACE_MS} for a device loss to be flagged. */
async function lossGrace(lossPending: () => boolean): Promise<void> {
  for (let waited = 0; waited < LOSS_GRACE_MS && !lossPending(); waited += LOSS_POLL_MS) {
    await new Promise((resolve) => setTimeout(resolve, LOSS_POLL_MS));
  }
}

export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
