import { describe, expect, test } from 'vitest';
import { softwareWebGl, softwareWebGpu } from '../../src/engine/backend/software-adapter';

describe('software GPU adapters', () => {
  test("Chromium's SwiftShader WebGPU adapter, as this machine reports it, is software", () => {
    const facts = { vendor: 'google', architecture: 'swiftshader', device: '', description: '' };
    expect(softwareWebGpu({ ...facts, isFallbackAdapter: true })).toBe('SwiftShader');
    expect(softwareWebGpu(facts)).toBe('SwiftShader');
  });

  test('a fallback adapter without a known name is software; a hardware adapter is not', () => {
    expect(softwareWebGpu({ vendor: 'acme', isFallbackAdapter: true })).toBe('fallback adapter');
    expect(softwareWebGpu({ vendor: 'nvidia', architecture: 'hopper' })).toBeNull();
    expect(softwareWebGpu({ vendor: 'apple', architecture: 'metal-3' })).toBeNull();
    expect(softwareWebGpu({})).toBeNull();
  });

  test('GL renderer strings: SwiftShader through ANGLE, llvmpipe, and hardware', () => {
    const angle =
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
    expect(softwareWebGl(angle)).toBe('SwiftShader');
    expect(softwareWebGl('llvmpipe (LLVM 15.0.6, 256 bits)')).toBe('llvmpipe');
    expect(
      softwareWebGl('ANGLE (NVIDIA, NVIDIA GeForce RTX 4090 Direct3D11 vs_5_0 ps_5_0)'),
    ).toBeNull();
    expect(softwareWebGl('Apple M2')).toBeNull();
  });
});
