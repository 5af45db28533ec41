import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../protocol';

/** Which backend the user asked for; 'auto' tries them in order of speed. */
export type BackendRequest = BackendName | 'auto';

/** The backend that runs, and a sentence saying why it is not the first choice (empty if it is). */
export interface BackendChoice {
  backend: BackendName;
  reason: string;
}

/** Tries to make one backend active; resolves to an error message, or null on success. */
export type BackendActivator = (name: BackendName) => Promise<string | null>;

const ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];
const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

/** A backend's name as the lab writes it in sentences ('WebGPU', 'WebGL', 'CPU'). */
export const backendLabel = (name: BackendName): string => LABEL[name];

/**
 * Activate the requested backend, else the next one in WebGPU -> WebGL -> CPU order, and say why.
 * A forced backend that fails falls back too: the lab always runs.
 */
export async function selectBackend(
  request: BackendRequest,
  activate: BackendActivator = activateInBrowser,
): Promise<BackendChoice> {
  const start = request === 'auto' ? 0 : ORDER.indexOf(request);
  const candidates = [...ORDER.slice(start), ...ORDER.slice(0, start)];
  const failures: string[] = [];
  for (const name of candidates) {
    const error = await activate(name);
    if (error === null) {
      const reason = failures.length ? `${failures.join('; ')}: running on ${LABEL[name]}` : '';
      return { backend: name, reason };
    }
    failures.push(`${LABEL[name]} unavailable (${error})`);
  }
  throw new Error(`No TensorFlow.js backend could start: ${failures.join('; ')}`);
}

/** Activate a backend in a browser or worker: WebGPU needs an adapter before tfjs is asked. */
export async function activateInBrowser(name: BackendName): Promise<string | null> {
  try {
    if (name === 'webgpu') {
      const gpu = (
        globalThis.navigator as Navigator & { gpu?: { requestAdapter(): Promise<unknown> } }
      )?.gpu;
      if (!gpu) return 'this browser exposes no navigator.gpu';
      if (!(await gpu.requestAdapter())) return 'no WebGPU adapter was found';
      await import('@tensorflow/tfjs-backend-webgpu');
      // Retired after a device loss (webgpu-device.ts): its factory is gone until a reload.
      if (!tf.findBackendFactory('webgpu')) return 'its GPU device was lost; reload the page';
    }
    const ok = await tf.setBackend(name);
    if (!ok) return 'it failed to initialise';
    await tf.ready();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
