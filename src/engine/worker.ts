/// <reference types="vite/client" />
/**
 * The Web Worker entry: adapts the engine to postMessage. Every incoming command is validated;
 * a malformed one is reported as a protocol error and never acted on.
 */
import { useFastCpuKernels } from './backend/fast-cpu';
import { activateInBrowser, selectBackend } from './backend/select-backend';
import { activeGpuDevice } from './backend/webgpu-device';
import { fetchDataset } from './data/decode-asset';
import { createEngine } from './engine';
import { parseCommand, type EngineEvent } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (event: EngineEvent) => scope.postMessage(event);
const baseUrl = new URL(import.meta.env.BASE_URL, scope.location.origin).href;

/** Train metrics are read at least this often (ms) in the lab, so plots move ≥ 2 times a second. */
const LIVE_METRICS_MS = 250;

const engine = createEngine(
  {
    selectBackend: (request, trials) => selectBackend(request, activateInBrowser, trials),
    loadDataset: (name) => fetchDataset(name, baseUrl),
    onBackendActive: useFastCpuKernels,
    gpuDevice: activeGpuDevice,
    // Live curves on slow backends: at 3-4 CPU steps/s, reads every 10 steps came every ~3 s.
    liveMetricsMs: LIVE_METRICS_MS,
  },
  post,
);

scope.addEventListener('message', (event: MessageEvent<unknown>) => {
  let command;
  try {
    command = parseCommand(event.data);
  } catch (error) {
    post({ type: 'error', kind: 'protocol', message: String(error) });
    return;
  }
  if (command.type === 'simulate-crash') {
    // Uncaught on purpose: the page sees the worker's error event, as for a real crash.
    setTimeout(() => {
      throw new Error('simulated worker crash');
    });
    return;
  }
  void engine.handle(command);
});
