/// <reference types="vite/client" />
/**
 * A worker that times one backend's training step for the page's speed trial
 * (`backend/speed-trials.ts`), off the lab's engine worker so a slow or hung backend never holds
 * up training: the page terminates it at its deadline. One backend per worker, then it is done.
 */
import { installFastCpuKernels } from './cpu-kernels';
import { activateInBrowser } from './backend/select-backend';
import { timeTrainingSteps } from './backend/speed-trial';
import { BACKEND_NAMES, type BackendName, type SpeedTrial } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

async function trial(backend: BackendName, budgetMs: number): Promise<SpeedTrial> {
  const failure = await activateInBrowser(backend, false);
  if (typeof failure === 'string') return { msPerStep: null, failure: failure.slice(0, 300) };
  if (backend === 'cpu') installFastCpuKernels(); // as the lab's engine trains on the CPU
  return timeTrainingSteps(budgetMs);
}

scope.addEventListener(
  'message',
  (event: MessageEvent<{ backend: unknown; budgetMs: unknown }>) => {
    const { backend, budgetMs } = event.data;
    if (!BACKEND_NAMES.includes(backend as BackendName) || typeof budgetMs !== 'number') return;
    trial(backend as BackendName, budgetMs).then(
      (result) => scope.postMessage(result),
      (error: unknown) =>
        scope.postMessage({
          msPerStep: null,
          failure: String(error).slice(0, 300),
        } satisfies SpeedTrial),
    );
  },
);
