import { parseEvent, type EngineCommand } from '../engine/protocol';
import { sameSettings } from '../settings/schema';
import { useLab } from './lab-store';

/** What the bridge needs of a Worker (a fake in tests). */
export interface WorkerPort {
  postMessage(message: EngineCommand): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

/** The commands the UI can give; each reads the recipe from the store. */
export interface EngineCommands {
  start(): void;
  pause(): void;
  resume(): void;
  stepOnce(): void;
  reset(): void;
  /** Load backend and data without training, so problems show before Start. */
  probe(): void;
  /** PTQ sweep W2..W8 of the current weights (paused or finished run). */
  runPtq(): void;
  /** Re-estimate BN running statistics on training batches (paused or finished run). */
  reestimateBn(): void;
}

/**
 * Connect a worker to the store: one listener applies validated engine events to the store, and
 * commands go out with the store's current settings. Returns the commands and a destroy function.
 */
export function connectEngine(worker: WorkerPort): { commands: EngineCommands; destroy(): void } {
  const store = useLab.getState;
  worker.addEventListener('message', (event) => {
    try {
      store().applyEngineEvent(parseEvent(event.data));
    } catch (error) {
      store().applyEngineEvent({ type: 'error', kind: 'protocol', message: String(error) });
    }
  });
  worker.addEventListener('error', (event) => {
    const message = `The training worker crashed (${event.message || 'unknown error'}). Reload the page to retry.`;
    store().applyEngineEvent({ type: 'error', kind: 'internal', message });
    store().applyEngineEvent({ type: 'phase', phase: 'failed', message });
  });

  const startLike = (type: 'start' | 'step') => {
    const { settings, run, beginRun } = store();
    const ended = run.phase === 'failed' || run.phase === 'finished';
    if (!run.config || !sameSettings(run.config, settings) || ended) beginRun(settings);
    worker.postMessage({ type, config: settings });
  };

  const commands: EngineCommands = {
    start: () => startLike('start'),
    stepOnce: () => startLike('step'),
    pause: () => worker.postMessage({ type: 'pause' }),
    resume: () => worker.postMessage({ type: 'resume' }),
    reset: () => {
      store().clearRun();
      worker.postMessage({ type: 'reset' });
    },
    probe: () => worker.postMessage({ type: 'probe', config: store().settings }),
    runPtq: () => worker.postMessage({ type: 'ptq' }),
    reestimateBn: () => worker.postMessage({ type: 'bn-reestimate' }),
  };
  return { commands, destroy: () => worker.terminate() };
}
