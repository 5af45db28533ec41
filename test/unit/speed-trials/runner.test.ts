import { afterEach, describe, expect, test, vi } from 'vitest';
import type { BackendName } from '../../../src/engine/protocol';
import { SPEED_TRIAL_DEADLINE_MS } from '../../../src/engine/backend/speed-trials';
import { runSpeedTrials, type TrialWorker } from '../../../src/store/speed-trial-runner';

type Behaviour = { answer: unknown } | 'hang' | { crash: string };

/** Trial workers that answer as `behaviour` says for the backend they are asked to time. */
function fakeWorkers(behaviour: Partial<Record<BackendName, Behaviour>>) {
  const log: string[] = [];
  const createWorker = (): TrialWorker => {
    const listeners: Record<string, ((event: never) => void)[]> = { message: [], error: [] };
    return {
      addEventListener: (type: string, listener: (event: never) => void) =>
        void listeners[type]!.push(listener),
      postMessage({ backend, budgetMs }) {
        log.push(`${backend} ${budgetMs}`);
        const what = behaviour[backend] ?? 'hang';
        if (what === 'hang') return;
        queueMicrotask(() => {
          if ('crash' in what) listeners.error!.forEach((l) => l({ message: what.crash } as never));
          else listeners.message!.forEach((l) => l({ data: what.answer } as never));
        });
      },
      terminate: () => void log.push(`terminated`),
    };
  };
  return { createWorker, log };
}

afterEach(() => vi.useRealTimers());

describe('speed trial runner', () => {
  test('times the CPU path first, then each software GPU, one worker each', async () => {
    const { createWorker, log } = fakeWorkers({
      cpu: { answer: { msPerStep: 160 } },
      webgpu: { answer: { msPerStep: 1020 } },
    });
    const seen: string[] = [];
    const run = runSpeedTrials(['webgpu'], createWorker, (backend) => seen.push(backend));
    expect(await run.done).toEqual({ cpu: { msPerStep: 160 }, webgpu: { msPerStep: 1020 } });
    const budget = SPEED_TRIAL_DEADLINE_MS - 1000;
    expect(log).toEqual([`cpu ${budget}`, 'terminated', `webgpu ${budget}`, 'terminated']);
    expect(seen).toEqual(['cpu', 'webgpu']);
  });

  test('a hung backend is terminated at the deadline and says so', async () => {
    vi.useFakeTimers();
    const { createWorker, log } = fakeWorkers({ cpu: { answer: { msPerStep: 150 } } });
    const run = runSpeedTrials(['webgpu'], createWorker);
    await vi.advanceTimersByTimeAsync(SPEED_TRIAL_DEADLINE_MS - 1);
    expect(log.at(-1)).toMatch(/^webgpu/);
    await vi.advanceTimersByTimeAsync(1);
    expect(await run.done).toEqual({
      cpu: { msPerStep: 150 },
      webgpu: { msPerStep: null, failure: 'no timed step within 5 s' },
    });
    expect(log.at(-1)).toBe('terminated');
  });

  test('a crashed worker or a malformed answer is a failed trial, not a crash', async () => {
    const { createWorker } = fakeWorkers({
      cpu: { answer: { msPerStep: 'fast' } },
      webgl: { crash: 'GL context lost' },
    });
    expect(await runSpeedTrials(['webgl'], createWorker).done).toEqual({
      cpu: { msPerStep: null, failure: 'a malformed answer' },
      webgl: { msPerStep: null, failure: 'GL context lost' },
    });
  });

  test('cancel terminates the worker in flight and keeps no result', async () => {
    const { createWorker, log } = fakeWorkers({});
    const run = runSpeedTrials(['webgpu'], createWorker);
    run.cancel();
    expect(await run.done).toBeNull();
    expect(log).toEqual([`cpu ${SPEED_TRIAL_DEADLINE_MS - 1000}`, 'terminated']);
  });
});
