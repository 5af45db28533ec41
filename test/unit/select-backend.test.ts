import { describe, expect, test } from 'vitest';
import type { BackendName } from '../../src/engine/protocol';
import {
  selectBackend,
  type Activation,
  type BackendActivator,
} from '../../src/engine/backend/select-backend';
import { outOfTime, softwareGpuWins } from '../../src/engine/backend/speed-trials';

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
    expect(await selectBackend('auto', activate)).toEqual({
      backend: 'webgpu',
      reason: '',
      untimed: [],
    });
  });

  test('auto passes over software WebGPU and WebGL (this machine) and says why', async () => {
    const { activate, calls } = fakeMachine({ webgpu: 'software', webgl: 'software', cpu: 'ok' });
    const choice = await selectBackend('auto', activate);
    expect(choice.backend).toBe('cpu');
    expect(choice.reason).toBe(
      'WebGPU and WebGL are software GPUs here (SwiftShader), slower than the CPU path: running on CPU',
    );
    expect(calls).toEqual(['webgpu:auto', 'webgl:auto', 'cpu:auto']);
    expect(choice.untimed).toEqual([
      { backend: 'webgpu', renderer: 'SwiftShader' },
      { backend: 'webgl', renderer: 'SwiftShader' },
    ]);
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
    expect(await selectBackend('webgpu', activate)).toEqual({
      backend: 'webgpu',
      reason: '',
      untimed: [],
    });
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
      untimed: [],
    });
    await expect(selectBackend('auto', fakeMachine({}).activate)).rejects.toThrow(
      /No TensorFlow.js backend could start/,
    );
  });
});

describe("backend choice from this browser's speed trials", () => {
  const software = { webgpu: 'software', webgl: 'no context', cpu: 'ok' } as const;

  test('a software GPU timed slower than the CPU path: CPU, with both times', async () => {
    const { activate, calls } = fakeMachine(software);
    const trials = { cpu: { msPerStep: 160.4 }, webgpu: { msPerStep: 1020 } };
    const choice = await selectBackend('auto', activate, trials);
    expect(choice).toEqual({
      backend: 'cpu',
      reason:
        'CPU is faster than software WebGPU (SwiftShader) here, 160 vs 1,020 ms/step in a 5 s trial; ' +
        'WebGL unavailable (no context): running on CPU',
      untimed: [],
    });
    expect(calls).toEqual(['webgpu:auto', 'webgl:auto', 'cpu:auto']);
  });

  test('a software GPU timed faster than the CPU path is used, and says so', async () => {
    const { activate, calls } = fakeMachine(software);
    const trials = { cpu: { msPerStep: 160 }, webgpu: { msPerStep: 90 } };
    const choice = await selectBackend('auto', activate, trials);
    expect(choice.backend).toBe('webgpu');
    expect(choice.reason).toBe(
      'software WebGPU (SwiftShader) is faster than CPU here, 90 vs 160 ms/step in a 5 s trial: running on WebGPU',
    );
    expect(calls).toEqual(['webgpu:auto', 'webgpu']);
  });

  test('a trial that ran out of time or failed is quoted with why', async () => {
    const { activate } = fakeMachine(software);
    const trials = {
      cpu: { msPerStep: 150 },
      webgpu: { msPerStep: null, failure: outOfTime(5000) },
    };
    expect((await selectBackend('auto', activate, trials)).reason).toBe(
      'CPU is faster than software WebGPU (SwiftShader) here, 150 ms/step vs no timed step ' +
        'within 5 s; WebGL unavailable (no context): running on CPU',
    );
  });

  test('trials for another backend do not decide: the adapter facts do, and it stays untimed', async () => {
    const { activate } = fakeMachine(software);
    const choice = await selectBackend('auto', activate, { cpu: { msPerStep: 150 } });
    expect(choice.backend).toBe('cpu');
    expect(choice.reason).toMatch(/^WebGPU is a software GPU here \(SwiftShader\), slower/);
    expect(choice.untimed).toEqual([{ backend: 'webgpu', renderer: 'SwiftShader' }]);
  });

  test('a forced backend ignores the trials; a hardware GPU needs none', async () => {
    const trials = { cpu: { msPerStep: 10 }, webgpu: { msPerStep: 900 } };
    const forced = fakeMachine(software);
    expect((await selectBackend('webgpu', forced.activate, trials)).backend).toBe('webgpu');
    const hardware = fakeMachine({ webgpu: 'ok', cpu: 'ok' });
    expect((await selectBackend('auto', hardware.activate, trials)).backend).toBe('webgpu');
  });

  test('softwareGpuWins needs both times; a CPU trial without one loses to a timed GPU', () => {
    expect(softwareGpuWins('webgpu', {})).toBeNull();
    expect(softwareGpuWins('webgpu', { webgpu: { msPerStep: 5 } })).toBeNull();
    const failedCpu = { msPerStep: null, failure: 'x' };
    expect(softwareGpuWins('webgpu', { cpu: failedCpu, webgpu: { msPerStep: 5 } })).toBe(true);
    expect(softwareGpuWins('webgpu', { cpu: failedCpu, webgpu: failedCpu })).toBe(false);
  });
});
