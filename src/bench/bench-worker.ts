/**
 * The bench page's Web Worker: the lab engine's browser environment (as in
 * src/engine/worker.ts), one suite per message, progress and result posted back.
 */
import { useFastCpuKernels } from '../engine/backend/fast-cpu';
import { selectBackend } from '../engine/backend/select-backend';
import { fetchDataset } from '../engine/data/decode-asset';
import type { EngineEnv } from '../engine/engine';
import type { BenchPlan, WorkerReply } from './bench-types';
import { runSuite } from './suite';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (reply: WorkerReply) => scope.postMessage(reply);
// The bench page is served from the root of its own build, with the lab's public/ copied in.
const baseUrl = new URL('/', scope.location.origin).href;

const env: EngineEnv = {
  selectBackend: (request) => selectBackend(request),
  loadDataset: (name) => fetchDataset(name, baseUrl),
  onBackendActive: useFastCpuKernels,
};

scope.addEventListener('message', (event: MessageEvent<BenchPlan>) => {
  runSuite(env, event.data, (line) => post({ type: 'log', line })).then(
    (result) => post({ type: 'result', result }),
    (error: unknown) => post({ type: 'error', message: String(error) }),
  );
});
