import { useEffect } from 'react';
import { connectEngine, type BridgeOptions, type EngineCommands } from '../store/engine-bridge';
import { useLab } from '../store/lab-store';

/** Start a training worker (one per run slot) and connect it to the store. */
export function startEngineWorker(options: BridgeOptions = {}): EngineCommands {
  const createWorker = () =>
    new Worker(new URL('../engine/worker.ts', import.meta.url), {
      type: 'module',
      name: options.slot === 'b' ? 'quantlab-engine-b' : 'quantlab-engine',
    });
  return connectEngine(createWorker, options).commands;
}

/** A worker that times one backend's training step for the speed trial, then is terminated. */
export function createSpeedTrialWorker(): Worker {
  return new Worker(new URL('../engine/speed-trial-worker.ts', import.meta.url), {
    type: 'module',
    name: 'quantlab-speed-trial',
  });
}

/** A fresh engine worker for the sweep's pool (the same entry as the lab's own engine). */
export function createSweepWorker(): Worker {
  return new Worker(new URL('../engine/worker.ts', import.meta.url), {
    type: 'module',
    name: 'quantlab-sweep',
  });
}

/** Load backend and data whenever they change while nothing trains, so problems show early. */
export function useProbeOnDataChange(commands: EngineCommands | null): void {
  const dataset = useLab((s) => s.recipe.dataset);
  const backend = useLab((s) => s.recipe.backend);
  useEffect(() => {
    const phase = useLab.getState().run.phase;
    if (commands && phase !== 'running' && phase !== 'loading') commands.probe();
  }, [commands, dataset, backend]);
}
