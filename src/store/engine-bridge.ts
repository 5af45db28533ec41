import type { WeightsEvent } from '../engine/export/weights-schema';
import {
  parseEvent,
  type EngineCommand,
  type EngineEvent,
  type SpeedTrials,
} from '../engine/protocol';
import type { PtqQuantizer } from '../settings/ptq-quantizer';
import { sameRecipe } from '../settings/schema';
import { recipeOf, useLab, type Slot } from './lab-store';
import type { RunRecorder } from './run-recorder';

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
  /**
   * PTQ sweep W2..W8 of the current weights (paused or finished run), with the recipe's quantizer
   * or the fields of `quantizer` instead of its own.
   */
  runPtq(quantizer?: Partial<PtqQuantizer>): void;
  /** Re-estimate BN running statistics on training batches (paused or finished run). */
  reestimateBn(): void;
  /**
   * Per-layer sensitivity at W`bits` (paused or finished run), on fewer test images where the
   * backend is slow (the engine times it: `sensitivityImageCount`).
   */
  measureSensitivity(bits: number): void;
  /** Ask for the current weights: FP (tfjs format) and integer codes at `bits` (2..8). */
  exportWeights(bits: number): void;
  /** Replace the worker with a fresh one (after a crash); the store keeps recipe and metrics. */
  restart(): void;
  /** Fault drills for end-to-end tests: lose the WebGPU device, or crash the worker. */
  simulateFault(fault: 'device-loss' | 'crash'): void;
  /** Give the engine this browser's speed trials: 'auto' reads them from its next selection on. */
  useSpeedTrials(trials: SpeedTrials): void;
}

/** What else the bridge feeds: the run recorder (history) and the weights download. */
export interface BridgeOptions {
  /** Which run this worker trains: A (the default) or the A/B twin B. */
  slot?: Slot;
  recorder?: RunRecorder;
  onWeights?(event: WeightsEvent): void;
  /** This browser's cached speed trials, sent to every new worker before any other command. */
  speedTrials?(): SpeedTrials;
}

/**
 * Connect a worker to the store: one listener applies validated engine events to the store, and
 * commands go out with the store's current settings. `createWorker` makes the worker now and again
 * on `restart` after a crash; a crashed worker's late messages are ignored. Returns the commands
 * and a destroy function.
 */
export function connectEngine(
  createWorker: () => WorkerPort,
  options: BridgeOptions = {},
): { commands: EngineCommands; destroy(): void } {
  const store = useLab.getState;
  const slot = options.slot ?? 'a';
  const runOf = () => (slot === 'a' ? store().run : store().runB);
  const apply = (event: EngineEvent) => {
    store().applyEngineEvent(event, slot);
    options.recorder?.record(event);
  };
  const attach = (port: WorkerPort) => {
    port.addEventListener('message', (event) => {
      if (port !== worker) return;
      try {
        const parsed = parseEvent(event.data);
        if (parsed.type === 'weights') options.onWeights?.(parsed);
        else apply(parsed);
      } catch (error) {
        apply({ type: 'error', kind: 'protocol', message: String(error) });
      }
    });
    port.addEventListener('error', (event) => {
      if (port !== worker) return;
      const message = `The training worker crashed (${event.message || 'unknown error'}). Restart it to go on: the recipe and the metrics so far are kept.`;
      apply({ type: 'error', kind: 'internal', message });
      apply({ type: 'phase', phase: 'failed', message });
    });
    return port;
  };
  const create = () => {
    const port = attach(createWorker());
    const trials = options.speedTrials?.();
    if (trials && Object.keys(trials).length) port.postMessage({ type: 'speed-trials', trials });
    return port;
  };
  let worker: WorkerPort = create();

  const startLike = (type: 'start' | 'step') => {
    const recipe = recipeOf(store(), slot);
    const run = runOf();
    const ended = run.phase === 'failed' || run.phase === 'finished';
    if (!run.recipe || !sameRecipe(run.recipe, recipe) || ended) {
      store().beginRun(recipe, slot);
      options.recorder?.begin(recipe);
    }
    worker.postMessage({ type, recipe: recipe });
  };

  const commands: EngineCommands = {
    start: () => startLike('start'),
    stepOnce: () => startLike('step'),
    pause: () => worker.postMessage({ type: 'pause' }),
    resume: () => worker.postMessage({ type: 'resume' }),
    reset: () => {
      store().clearRun(slot);
      options.recorder?.discard();
      worker.postMessage({ type: 'reset' });
    },
    probe: () => worker.postMessage({ type: 'probe', recipe: recipeOf(store(), slot) }),
    runPtq: (quantizer) =>
      worker.postMessage(quantizer ? { type: 'ptq', quantizer } : { type: 'ptq' }),
    reestimateBn: () => worker.postMessage({ type: 'bn-reestimate' }),
    measureSensitivity: (bits) => worker.postMessage({ type: 'sensitivity', bits }),
    exportWeights: (bits) => worker.postMessage({ type: 'export-weights', bits }),
    simulateFault: (fault) =>
      worker.postMessage({ type: fault === 'crash' ? 'simulate-crash' : 'simulate-device-loss' }),
    useSpeedTrials: (trials) => worker.postMessage({ type: 'speed-trials', trials }),
    restart: () => {
      const old = worker;
      worker = create();
      old.terminate();
      store().clearError(slot);
      store().applyEngineEvent(
        { type: 'phase', phase: 'idle', message: 'Engine restarted.' },
        slot,
      );
      commands.probe();
    },
  };
  return { commands, destroy: () => worker.terminate() };
}
