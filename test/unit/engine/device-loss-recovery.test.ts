import { describe, expect, test, vi } from 'vitest';
import type { BackendChoice } from '../../../src/engine/backend/select-backend';
import {
  createDeviceLossRecovery,
  type DeviceLossRecoveryDeps,
} from '../../../src/engine/device-loss-recovery';
import type { EngineEvent } from '../../../src/engine/protocol';
import type { Run } from '../../../src/engine/run-lifecycle';
import { fakeRun, fakeTrainingSession } from './engine-fakes';

const destroyed = { reason: 'destroyed', message: 'Device was destroyed.' };

/**
 * A recovery over fakes that log what is done to them, in one log with the events. `replace` is
 * what the backend's replacement gives (a choice) or throws.
 */
function recovery(options: {
  run?: Run | null;
  stillLost?: boolean;
  replace?: () => BackendChoice;
}) {
  const log: string[] = [];
  const events: EngineEvent[] = [];
  const tasks: (() => Promise<void>)[] = [];
  const deps: DeviceLossRecoveryDeps = {
    emit: (event) => {
      events.push(event);
      log.push(event.type === 'error' ? `error:${event.kind} ${event.message}` : event.type);
    },
    backend: {
      deviceLost: () => options.stillLost ?? true,
      replaceLost: vi.fn(async () => {
        log.push('replaceLost');
        return (options.replace ?? (() => ({ backend: 'webgl', reason: '' })))();
      }),
      emitBackend: (reason) => void log.push(`backend ${reason}`),
    },
    lifecycle: {
      interrupt: (how) => void log.push(how?.silent ? 'interrupt silently' : 'interrupt'),
      stopLoop: async () => void log.push('stopLoop'),
      endSilentStop: () => void log.push('endSilentStop'),
      current: () => options.run ?? null,
    },
    enqueue: (task) => void tasks.push(task),
  };
  const recover = createDeviceLossRecovery(deps);
  const runQueued = async () => {
    for (const task of tasks.splice(0)) await task();
  };
  return { recover, log, events, tasks, runQueued, deps };
}

/** A run whose session has taken `steps` steps. */
function runAt(steps: number): Run {
  const session = fakeTrainingSession();
  for (let i = 0; i < steps; i++) session.step();
  return fakeRun({ session });
}

describe('device-loss recovery', () => {
  test('a loss stops the loop silently at once and queues the recovery', () => {
    const r = recovery({});
    r.recover.onDeviceLost(destroyed);
    expect(r.log).toEqual(['interrupt silently']);
    expect(r.tasks).toHaveLength(1);
    expect(r.recover.lossPending()).toBe(true);
  });

  test('the recovery stops, replaces the backend, then reports error, backend and failed', async () => {
    const r = recovery({ run: runAt(120) });
    r.recover.onDeviceLost(destroyed);
    await r.runQueued();
    expect(r.recover.lossPending()).toBe(false);
    expect(r.log).toEqual([
      'interrupt silently',
      'stopLoop',
      'endSilentStop',
      'replaceLost',
      expect.stringMatching(
        /^error:backend The GPU device was lost at step 120 \(destroyed: .*Switched to WebGL;/,
      ),
      expect.stringMatching(/^backend .*WebGPU device was lost \(destroyed\)/),
      'phase',
    ]);
  });

  test('the failed phase carries the error message; without a run it names no step', async () => {
    const r = recovery({});
    r.recover.onDeviceLost(destroyed);
    await r.runQueued();
    const [error, phase] = r.events;
    if (error?.type !== 'error') throw new Error('the report starts with an error');
    expect(error.kind).toBe('backend');
    expect(error.message).toMatch(/^The GPU device was lost \(destroyed/);
    expect(phase).toEqual({ type: 'phase', phase: 'failed', message: error.message });
  });

  test('a failed replacement says no backend could start, and still fails the phase', async () => {
    const r = recovery({
      run: runAt(3),
      replace: () => {
        throw new Error('no WebGL');
      },
    });
    r.recover.onDeviceLost(destroyed);
    await r.runQueued();
    expect(r.log.slice(3)).toEqual([
      'replaceLost',
      expect.stringMatching(
        /^error:backend .*lost at step 3 .* No other backend could start: no WebGL$/,
      ),
      'phase',
    ]);
  });

  test('nothing to recover when the backend was switched away or destroyed meanwhile', async () => {
    const r = recovery({ stillLost: false });
    r.recover.onDeviceLost(destroyed);
    await r.runQueued();
    expect(r.log).toEqual(['interrupt silently', 'stopLoop', 'endSilentStop']);
    expect(r.deps.backend.replaceLost).not.toHaveBeenCalled();
    expect(r.recover.lossPending()).toBe(false);
  });
});
