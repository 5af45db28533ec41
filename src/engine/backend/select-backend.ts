import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../protocol';
import { backendLabel } from './backend-label';
import { softwareWebGl, softwareWebGpu, type GpuAdapterFacts } from './software-adapter';
import type { SoftwareGpu, SpeedTrials } from '../protocol';
import { softwareGpuWins, trialVerdict } from './speed-trials';

/** Which backend the user asked for; 'auto' tries them in order of speed. */
export type BackendRequest = BackendName | 'auto';

/**
 * The backend that runs, a sentence saying why it is not the first choice (empty if it is), and
 * the software GPUs auto passed over without a speed trial to go by (the page runs one).
 */
export interface BackendChoice {
  backend: BackendName;
  reason: string;
  untimed?: SoftwareGpu[];
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
export { backendLabel };

/**
 * Activate the requested backend, else the next one in WebGPU -> WebGL -> CPU order, and say why.
 * 'auto' passes over a software GPU (5-20x slower than the fast CPU path, docs/performance.md)
 * unless this browser's speed `trials` timed it faster than the CPU path; it is used anyway when
 * nothing else starts. A forced backend is used even then. A forced backend that fails falls back
 * too: the lab always runs.
 */
export async function selectBackend(
  request: BackendRequest,
  activate: BackendActivator = activateInBrowser,
  trials: SpeedTrials = {},
): Promise<BackendChoice> {
  const auto = request === 'auto';
  const start = auto ? 0 : ORDER.indexOf(request);
  const candidates = [...ORDER.slice(start), ...ORDER.slice(0, start)];
  const notes: string[] = [];
  const software = new Map<BackendName, string>();
  const chosen = (name: BackendName, verdicts: string[] = []): BackendChoice => {
    const all = [...verdicts, ...softwareNotes(software, trials), ...notes];
    const untimed = [...software]
      .filter(([gpu]) => softwareGpuWins(gpu, trials) === null)
      .map(([backend, renderer]) => ({ backend, renderer }));
    const reason = all.length ? `${all.join('; ')}: running on ${backendLabel(name)}` : '';
    return { backend: name, reason, untimed };
  };
  for (const name of candidates) {
    const outcome = await activate(name, auto);
    if (outcome === null) return chosen(name);
    if (typeof outcome === 'string') notes.push(`${backendLabel(name)} unavailable (${outcome})`);
    else if (softwareGpuWins(name, trials)) {
      const started = await activate(name, false);
      if (started === null) return chosen(name, [trialVerdict(name, outcome.passedOver, trials)]);
      notes.push(`${backendLabel(name)} unavailable (${String(started)})`);
    } else software.set(name, outcome.passedOver);
  }
  const passedOver = [...software.keys()];
  software.clear();
  for (const name of passedOver) {
    const outcome = await activate(name, false);
    if (outcome === null) return chosen(name);
    notes.push(`${backendLabel(name)} unavailable (${String(outcome)})`);
  }
  throw new Error(`No TensorFlow.js backend could start: ${notes.join('; ')}`);
}

/** Names that say only that an adapter is software: left out when another names the renderer. */
const GENERIC_SOFTWARE: readonly string[] = ['fallback adapter', 'software renderer'];

/**
 * Why each passed-over software GPU is not used: its speed trial's verdict ('CPU is faster than
 * software WebGPU (SwiftShader) here, 160 vs 1,020 ms/step'), or, for those without one, 'WebGPU
 * and WebGL are software GPUs here (SwiftShader), slower than the CPU path'.
 */
function softwareNotes(software: ReadonlyMap<BackendName, string>, trials: SpeedTrials): string[] {
  const timed = [...software].filter(([name]) => softwareGpuWins(name, trials) !== null);
  const untimed = new Map([...software].filter(([name]) => softwareGpuWins(name, trials) === null));
  const verdicts = timed.map(([name, renderer]) => trialVerdict(name, renderer, trials));
  return untimed.size ? [...verdicts, softwareNote(untimed)] : verdicts;
}

/** 'WebGPU and WebGL are software GPUs here (SwiftShader), slower than the CPU path'. */
function softwareNote(software: ReadonlyMap<BackendName, string>): string {
  const labels = [...software.keys()].map((name) => backendLabel(name));
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
