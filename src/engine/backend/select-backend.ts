import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../protocol';
import { softwareWebGl, softwareWebGpu, type GpuAdapterFacts } from './software-adapter';

/** Which backend the user asked for; 'auto' tries them in order of speed. */
export type BackendRequest = BackendName | 'auto';

/** The backend that runs, and a sentence saying why it is not the first choice (empty if it is). */
export interface BackendChoice {
  backend: BackendName;
  reason: string;
}

/**
 * One activation's outcome: null when the backend is active, a message when it cannot start, or
 * `passedOver` (the software renderer's name) when it would run on a software GPU and 'auto'
 * asked: nothing was activated, and it is tried again only when nothing else starts.
 */
export type Activation = null | string | { passedOver: string };

/** Tries to make one backend active; `auto` lets it pass over a software GPU. */
export type BackendActivator = (name: BackendName, auto: boolean) => Promise<Activation>;

const ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];
const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

/** A backend's name as the lab writes it in sentences ('WebGPU', 'WebGL', 'CPU'). */
export const backendLabel = (name: BackendName): string => LABEL[name];

/**
 * Activate the requested backend, else the next one in WebGPU -> WebGL -> CPU order, and say why.
 * 'auto' passes over a software GPU (5-20x slower than the fast CPU path, docs/performance.md)
 * while another backend starts; a forced backend is used even then. A forced backend that fails
 * falls back too: the lab always runs.
 */
export async function selectBackend(
  request: BackendRequest,
  activate: BackendActivator = activateInBrowser,
): Promise<BackendChoice> {
  const auto = request === 'auto';
  const start = auto ? 0 : ORDER.indexOf(request);
  const candidates = [...ORDER.slice(start), ...ORDER.slice(0, start)];
  const notes: string[] = [];
  const software = new Map<BackendName, string>();
  const chosen = (name: BackendName): BackendChoice => {
    const all = software.size ? [softwareNote(software), ...notes] : notes;
    return {
      backend: name,
      reason: all.length ? `${all.join('; ')}: running on ${LABEL[name]}` : '',
    };
  };
  for (const name of candidates) {
    const outcome = await activate(name, auto);
    if (outcome === null) return chosen(name);
    if (typeof outcome === 'string') notes.push(`${LABEL[name]} unavailable (${outcome})`);
    else software.set(name, outcome.passedOver);
  }
  const passedOver = [...software.keys()];
  software.clear();
  for (const name of passedOver) {
    const outcome = await activate(name, false);
    if (outcome === null) return chosen(name);
    notes.push(`${LABEL[name]} unavailable (${String(outcome)})`);
  }
  throw new Error(`No TensorFlow.js backend could start: ${notes.join('; ')}`);
}

/** Names that say only that an adapter is software: left out when another names the renderer. */
const GENERIC_SOFTWARE: readonly string[] = ['fallback adapter', 'software renderer'];

/** 'WebGPU and WebGL are software GPUs here (SwiftShader), slower than the CPU path'. */
function softwareNote(software: ReadonlyMap<BackendName, string>): string {
  const labels = [...software.keys()].map((name) => LABEL[name]);
  const named = [...new Set(software.values())];
  const specific = named.filter((name) => !GENERIC_SOFTWARE.includes(name));
  const renderers = (specific.length ? specific : named).join(', ');
  const are = labels.length > 1 ? 'are software GPUs' : 'is a software GPU';
  return `${labels.join(' and ')} ${are} here (${renderers}), slower than the CPU path`;
}

type AdapterLike = { info?: GpuAdapterFacts; isFallbackAdapter?: boolean };
type GpuLike = { requestAdapter(): Promise<AdapterLike | null> };

/** Activate a backend in a browser or worker: WebGPU needs an adapter before tfjs is asked. */
export async function activateInBrowser(name: BackendName, auto = false): Promise<Activation> {
  try {
    if (name === 'webgpu') {
      const gpu = (globalThis.navigator as Navigator & { gpu?: GpuLike })?.gpu;
      if (!gpu) return 'this browser exposes no navigator.gpu';
      const adapter = await gpu.requestAdapter();
      if (!adapter) return 'no WebGPU adapter was found';
      const software = softwareWebGpu(adapterFacts(adapter));
      if (auto && software) return { passedOver: software };
      await import('@tensorflow/tfjs-backend-webgpu');
      // Retired after a device loss (webgpu-device.ts): its factory is gone until a reload.
      if (!tf.findBackendFactory('webgpu')) return 'its GPU device was lost; reload the page';
    }
    if (name === 'webgl' && auto) {
      const software = softwareWebGl(glRenderer());
      if (software) return { passedOver: software };
    }
    const ok = await tf.setBackend(name);
    if (!ok) return 'it failed to initialise';
    await tf.ready();
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The adapter's facts, read field by field: `GPUAdapterInfo`'s fields are prototype getters, so a
 * spread of it is empty.
 */
function adapterFacts(adapter: AdapterLike): GpuAdapterFacts {
  const info = adapter.info;
  return {
    vendor: info?.vendor,
    architecture: info?.architecture,
    device: info?.device,
    description: info?.description,
    isFallbackAdapter: adapter.isFallbackAdapter ?? info?.isFallbackAdapter,
  };
}

/** The WebGL renderer string ('' when WebGL is missing or hides it). */
function glRenderer(): string {
  if (typeof OffscreenCanvas === 'undefined') return '';
  const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
  if (!gl) return '';
  const ext = gl.getExtension('WEBGL_debug_renderer_info');
  const renderer = String(gl.getParameter(ext ? ext.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
  gl.getExtension('WEBGL_lose_context')?.loseContext();
  return renderer;
}
