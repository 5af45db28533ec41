import type { BackendName } from '../protocol';

const LABEL: Record<BackendName, string> = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' };

/** A backend's name as the lab writes it in sentences and on the badge ('WebGPU', 'WebGL', 'CPU'). */
export const backendLabel = (name: BackendName): string => LABEL[name];
