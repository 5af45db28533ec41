import { describe, expect, test } from 'vitest';
import type { BackendName } from '../../src/engine/protocol';
import {
  selectBackend,
  type Activation,
  type BackendActivator,
} from '../../src/engine/backend/select-backend';

/** A machine whose backends behave as `machine` says; records every call. */
function fakeMachine(
  machine: Partial<Record<BackendName, 'ok' | 'software' | string>>,
  renderer: Partial<Record<BackendName, string>> = {},
) {
  const calls: string[] = [];
  const activate: BackendActivator = async (name, auto) => {
    calls.push(`${name}${auto ? ':auto' : ''}`);
    const kind = machine[name] ?? 'missing';
    if (kind === 'ok') return null;
    if (kind === 'software') return auto ? { passedOver: renderer[name] ?? 'SwiftShader' } : null;
    return kind satisfies Activation;
  };
  return { activate, calls };
}

describe('backend choice', () => {
  test('auto on a hardware GPU: WebGPU, no reason', async () => {
    const { activate } = fakeMachine({ webgpu: 'ok', webgl: 'ok', cpu: 'ok' });
    expect(await selectBackend('auto', activate)).toEqual({ backend: 'webgpu', reason: '' });
  });

  test('auto passes over software WebGPU and WebGL (this machine) and says why', async () => {
    const { activate, calls } = fakeMachine({ webgpu: 'software', webgl: 'software', cpu: 'ok' });
    const choice = await selectBackend('auto', activate);
    expect(choice.backend).toBe('cpu');
    expect(choice.reason).toBe(
      'WebGPU and WebGL are software GPUs here (SwiftShader), slower than the CPU path: running on CPU',
    );
    expect(calls).toEqual(['webgpu:auto', 'webgl:auto', 'cpu:auto']);
  });

  test("a generic adapter name ('fallback adapter') gives way to a renderer's name", async () => {
    const machine = { webgpu: 'software', webgl: 'software', cpu: 'ok' } as const;
    const both = fakeMachine(machine, { webgpu: 'fallback adapter' });
    expect((await selectBackend('auto', both.activate)).reason).toMatch(/here \(SwiftShader\),/);
    const alone = fakeMachine({ webgpu: 'software', cpu: 'ok' }, { webgpu: 'fallback adapter' });
    expect((await selectBackend('auto', alone.activate)).reason).toMatch(
      /^WebGPU is a software GPU here \(fallback adapter\),/,
    );
  });

  test('a forced backend is honoured on a software GPU', async () => {
    const { activate, calls } = fakeMachine({ webgpu: 'software', cpu: 'ok' });
    expect(await selectBackend('webgpu', activate)).toEqual({ backend: 'webgpu', reason: '' });
    expect(calls).toEqual(['webgpu']);
  });

  test('one software GPU and one missing backend are both named', async () => {
    const { activate } = fakeMachine({ webgpu: 'software', webgl: 'no context', cpu: 'ok' });
    expect((await selectBackend('auto', activate)).reason).toBe(
      'WebGPU is a software GPU here (SwiftShader), slower than the CPU path; ' +
        'WebGL unavailable (no context): running on CPU',
    );
  });

  test('a software GPU is still used when nothing else starts', async () => {
    const { activate, calls } = fakeMachine({ webgpu: 'software', webgl: 'no context', cpu: 'x' });
    const choice = await selectBackend('auto', activate);
    expect(choice.backend).toBe('webgpu');
    expect(choice.reason).toMatch(/WebGL unavailable \(no context\); CPU unavailable \(x\)/);
    expect(calls).toEqual(['webgpu:auto', 'webgl:auto', 'cpu:auto', 'webgpu']);
  });

  test('a forced backend that fails falls back in order, and none at all throws', async () => {
    const { activate } = fakeMachine({ webgl: 'context lost', cpu: 'ok' });
    expect(await selectBackend('webgl', activate)).toEqual({
      backend: 'cpu',
      reason: 'WebGL unavailable (context lost): running on CPU',
    });
    await expect(selectBackend('auto', fakeMachine({}).activate)).rejects.toThrow(
      /No TensorFlow.js backend could start/,
    );
  });
});
