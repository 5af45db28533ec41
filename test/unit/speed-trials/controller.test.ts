import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { SpeedTrials } from '../../../src/engine/protocol';
import { useLab } from '../../../src/store/lab-store';
import { initialRunState } from '../../../src/store/run-state';
import { readSpeedTrials } from '../../../src/store/speed-trial-cache';
import {
  startSpeedTrialController,
  TRIAL_IDLE_MS,
} from '../../../src/store/speed-trial-controller';
import type { TrialWorker } from '../../../src/store/speed-trial-runner';

const UA = 'test-browser';

/** Workers that answer each backend's trial at once: CPU 200 ms/step, every GPU 900. */
function answeringWorkers(posted: string[]) {
  return (): TrialWorker => {
    let onMessage: (event: MessageEvent) => void = () => {};
    return {
      addEventListener: (type: string, listener: (event: never) => void) => {
        if (type === 'message') onMessage = listener as (event: MessageEvent) => void;
      },
      postMessage: ({ backend }) => {
        posted.push(backend);
        const msPerStep = backend === 'cpu' ? 200 : 900;
        setTimeout(() => onMessage({ data: { msPerStep } } as MessageEvent), 10);
      },
      terminate: () => undefined,
    };
  };
}

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (k: string) => items.get(k) ?? null,
    setItem: (k: string, v: string) => void items.set(k, v),
  };
}

/** The engine said it passed over software WebGPU untimed, and the run is in `phase`. */
function engineSays(phase: 'idle' | 'running', untimed = true) {
  const backend = {
    name: 'cpu' as const,
    reason: 'WebGPU is a software GPU here (SwiftShader), slower than the CPU path: running on CPU',
    fastCpuKernels: true,
    ...(untimed ? { untimed: [{ backend: 'webgpu' as const, renderer: 'SwiftShader' }] } : {}),
  };
  useLab.setState({ run: { ...initialRunState(), phase, backend } });
}

beforeEach(() => {
  vi.useFakeTimers();
  useLab.setState({ run: initialRunState(), speedTrial: '' });
});
afterEach(() => vi.useRealTimers());

describe('speed trial controller', () => {
  test('after an idle spell it times CPU then the GPU, caches, tells the engine and the badge', async () => {
    const posted: string[] = [];
    const storage = memoryStorage();
    const given: SpeedTrials[] = [];
    const stop = startSpeedTrialController({
      createWorker: answeringWorkers(posted),
      storage,
      userAgent: UA,
      useSpeedTrials: (trials) => given.push(trials),
    });
    engineSays('idle');
    await vi.advanceTimersByTimeAsync(TRIAL_IDLE_MS - 1);
    expect(posted).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(useLab.getState().speedTrial).toMatch(/^Timing software WebGPU against the CPU path/);
    await vi.advanceTimersByTimeAsync(100);
    expect(posted).toEqual(['cpu', 'webgpu']);
    const trials = { cpu: { msPerStep: 200 }, webgpu: { msPerStep: 900 } };
    expect(given).toEqual([trials]);
    expect(readSpeedTrials(storage, UA, Date.now())).toEqual(trials);
    expect(useLab.getState().speedTrial).toBe(
      'Measured just now: CPU is faster than software WebGPU (SwiftShader) here, 200 vs 900 ms/step in a 5 s trial.',
    );
    await vi.advanceTimersByTimeAsync(10 * TRIAL_IDLE_MS);
    expect(posted).toEqual(['cpu', 'webgpu']); // once per page
    stop();
  });

  test('a Start before or during the trial stops it; nothing runs while training or when timed', async () => {
    const posted: string[] = [];
    const given: SpeedTrials[] = [];
    const stop = startSpeedTrialController({
      createWorker: answeringWorkers(posted),
      storage: memoryStorage(),
      userAgent: UA,
      useSpeedTrials: (trials) => given.push(trials),
    });
    engineSays('idle');
    await vi.advanceTimersByTimeAsync(TRIAL_IDLE_MS / 2);
    engineSays('running');
    await vi.advanceTimersByTimeAsync(10 * TRIAL_IDLE_MS);
    expect(posted).toEqual([]);
    engineSays('idle');
    await vi.advanceTimersByTimeAsync(TRIAL_IDLE_MS + 5);
    engineSays('running'); // mid-trial: the CPU worker is in flight
    await vi.advanceTimersByTimeAsync(1000);
    expect(posted).toEqual(['cpu']);
    expect(given).toEqual([]);
    expect(useLab.getState().speedTrial).toBe('');
    engineSays('idle', false); // an engine with nothing untimed
    await vi.advanceTimersByTimeAsync(10 * TRIAL_IDLE_MS);
    expect(posted).toEqual(['cpu']);
    stop();
  });
});
