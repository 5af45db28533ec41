/**
 * Whether a GPU backend would run on a software rasterizer (SwiftShader, llvmpipe…): Chromium
 * offers one when no GPU is usable, and on it the lab trains 5-20x slower than on its fast CPU
 * path (docs/performance.md), so 'auto' does not prefer it. Pure: the facts come from the
 * adapter and the GL context.
 */

/** Renderer names of software GPUs, as adapters and GL strings spell them. */
const SOFTWARE_NAMES: readonly [RegExp, string][] = [
  [/swiftshader/i, 'SwiftShader'],
  [/llvmpipe/i, 'llvmpipe'],
  [/lavapipe/i, 'lavapipe'],
  [/softpipe/i, 'softpipe'],
  [/basic render/i, 'Microsoft Basic Render Driver'],
  [/software/i, 'software renderer'],
];

/** What a WebGPU adapter says about itself (`GPUAdapter.info`, `isFallbackAdapter`). */
export interface GpuAdapterFacts {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
  isFallbackAdapter?: boolean;
}

/** The software renderer named in `text`, or null. */
function softwareName(text: string): string | null {
  return SOFTWARE_NAMES.find(([pattern]) => pattern.test(text))?.[1] ?? null;
}

/** The software WebGPU adapter's name ('SwiftShader', 'fallback adapter'), or null for hardware. */
export function softwareWebGpu(facts: GpuAdapterFacts): string | null {
  const { vendor, architecture, device, description } = facts;
  const named = softwareName([architecture, description, device, vendor].join(' '));
  return named ?? (facts.isFallbackAdapter ? 'fallback adapter' : null);
}

/** The software renderer behind a WebGL context's renderer string, or null for hardware. */
export function softwareWebGl(renderer: string): string | null {
  return softwareName(renderer);
}
