import type { BackendData } from './backend-data';
import { deviceLostMessage, deviceLostReason, type DeviceLostInfo } from './backend/device-loss';
import { errorMessage } from './failure-report';
import type { EngineEvent } from './protocol';
import type { RunLifecycle } from './run-lifecycle';
import { runStep } from './run-stage';

export interface DeviceLossRecoveryDeps {
  emit(event: EngineEvent): void;
  backend: Pick<BackendData, 'deviceLost' | 'replaceLost' | 'emitBackend'>;
  lifecycle: Pick<RunLifecycle, 'interrupt' | 'stopLoop' | 'endSilentStop' | 'current'>;
  /** Queue a task behind the commands already queued; its failure goes to the failure report. */
  enqueue(task: () => Promise<void>): void;
}

/** Moves the lab to the next backend when the GPU device is lost. */
export interface DeviceLossRecovery {
  /** The active GPU device was lost (the backend's watcher calls this). */
  onDeviceLost(info: DeviceLostInfo): void;
  /** A loss is being handled: failures of work on the dead device are not reported. */
  lossPending(): boolean;
}

export function createDeviceLossRecovery(deps: DeviceLossRecoveryDeps): DeviceLossRecovery {
  const { emit, backend, lifecycle } = deps;
  let lossPending = false;

  function onDeviceLost(info: DeviceLostInfo): void {
    lossPending = true;
    // Like a pause, the loop stops at once; the recovery, not the loop, says why.
    lifecycle.interrupt({ silent: true });
    deps.enqueue(() => recover(info));
  }

  /**
   * After a device loss: stop the loop, move to the next backend with the data re-uploaded, and
   * report. The run is gone (its weights lived on the dead device); the UI keeps the metrics.
   */
  async function recover(info: DeviceLostInfo): Promise<void> {
    await lifecycle.stopLoop();
    lifecycle.endSilentStop();
    lossPending = false;
    if (!backend.deviceLost()) return; // switched away or destroyed meanwhile
    const run = lifecycle.current();
    const step = run ? runStep(run) : null;
    let message: string;
    try {
      const choice = await backend.replaceLost();
      message = deviceLostMessage(info, step, choice.backend);
      emit({ type: 'error', kind: 'backend', message });
      backend.emitBackend(deviceLostReason(info, choice.reason));
    } catch (error) {
      message = deviceLostMessage(info, step, null, errorMessage(error));
      emit({ type: 'error', kind: 'backend', message });
    }
    emit({ type: 'phase', phase: 'failed', message });
  }

  return { onDeviceLost, lossPending: () => lossPending };
}
