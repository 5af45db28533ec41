import type { BackendChoice, BackendRequest } from './backend/select-backend';
import type { SpeedTrials } from './protocol';
import type { GpuDeviceHandle } from './backend/device-loss';
import { createBackendData } from './backend-data';
import { createCommandActions } from './command-actions';
import { createCommandDispatcher } from './command-dispatch';
import type { Dataset, DatasetName } from './data/dataset';
import { createDeviceLossRecovery } from './device-loss-recovery';
import { createFailureReport } from './failure-report';
import type { BackendName, EngineCommand, EngineEvent } from './protocol';
import { createRunLifecycle } from './run-lifecycle';
import { tfjsRunParts } from './run-parts';

/** What differs between the browser worker and Node: how backends start and where data comes from. */
export interface EngineEnv {
  /** Start a backend for `request`; 'auto' reads this browser's speed `trials`. */
  selectBackend(request: BackendRequest, trials?: SpeedTrials): Promise<BackendChoice>;
  loadDataset(name: DatasetName): Promise<Dataset>;
  /** Called once a backend is active; returns whether the fast CPU kernels are in use. */
  onBackendActive?(backend: BackendName): boolean;
  /**
   * The active backend's GPU device when it can be lost (WebGPU in the worker), else null. The
   * engine watches it; on a loss it moves the lab to the next backend.
   */
  gpuDevice?(backend: BackendName): GpuDeviceHandle | null;
  /** Read train metrics at least this often (ms) while training (run-loop's `LoopOptions`). */
  liveMetricsMs?: number;
}

/** The training engine: handles commands one at a time and reports through `emit`. */
export interface Engine {
  handle(command: EngineCommand): Promise<void>;
  destroy(): Promise<void>;
}

/**
 * Wire the engine's parts together. They call each other only through the functions passed in
 * here; the backend's hooks and the failure report look their targets up when called, by which
 * time every part exists.
 */
export function createEngine(env: EngineEnv, emit: (event: EngineEvent) => void): Engine {
  const backend = createBackendData(env, emit, {
    disposeRun: () => lifecycle.disposeRun(),
    onDeviceLost: (info) => recovery.onDeviceLost(info),
  });
  const reportFailure = createFailureReport({
    emit,
    lossPending: () => recovery.lossPending(),
    hasGpuDevice: () => backend.hasGpuDevice(),
    hasRun: () => lifecycle.current() !== null,
  });
  const lifecycle = createRunLifecycle({
    emit,
    backend,
    parts: tfjsRunParts,
    reportFailure,
    liveMetricsMs: env.liveMetricsMs,
  });
  const dispatcher = createCommandDispatcher({
    // Every step a command's event names is the current run's: a fine-tune stage's counts on.
    perform: createCommandActions({ emit: lifecycle.emitForRun, lifecycle, backend }),
    interrupt: () => lifecycle.interrupt(),
    reportFailure,
  });
  const recovery = createDeviceLossRecovery({
    emit,
    backend,
    lifecycle,
    enqueue: (task) => void dispatcher.enqueue(task),
  });

  return {
    handle: dispatcher.handle,
    async destroy() {
      await lifecycle.stopLoop();
      backend.destroy();
    },
  };
}
