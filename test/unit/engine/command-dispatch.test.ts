import { describe, expect, test, vi } from 'vitest';
import { createCommandDispatcher } from '../../../src/engine/command-dispatch';
import type { EngineCommand } from '../../../src/engine/protocol';
import { deferred, flush } from './engine-fakes';

/** A dispatcher whose commands each wait for the test to finish them. */
function dispatcher() {
  const log: string[] = [];
  const pending = new Map<string, ReturnType<typeof deferred<void>>>();
  const perform = vi.fn(async (command: EngineCommand) => {
    log.push(`begin ${command.type}`);
    const work = deferred<void>();
    pending.set(command.type, work);
    await work.promise;
    log.push(`end ${command.type}`);
  });
  const interrupt = vi.fn(() => void log.push('interrupt'));
  const reportFailure = vi.fn(async (error: unknown) => void log.push(`report ${String(error)}`));
  const queue = createCommandDispatcher({ perform, interrupt, reportFailure });
  const finish = (type: string) => pending.get(type)!.resolve();
  const fail = (type: string, error: unknown) => pending.get(type)!.reject(error);
  return { queue, log, perform, interrupt, reportFailure, finish, fail };
}

describe('command dispatcher', () => {
  test('runs commands one at a time in arrival order', async () => {
    const d = dispatcher();
    const first = d.queue.handle({ type: 'reset' });
    const second = d.queue.handle({ type: 'ptq' });
    await flush();
    expect(d.log).toEqual(['begin reset']);
    d.finish('reset');
    await first;
    await flush();
    expect(d.log).toEqual(['begin reset', 'end reset', 'begin ptq']);
    d.finish('ptq');
    await second;
    expect(d.log.at(-1)).toBe('end ptq');
  });

  test('a pause interrupts the running loop at once, before the queue reaches it', async () => {
    const d = dispatcher();
    void d.queue.handle({ type: 'reset' });
    await flush();
    void d.queue.handle({ type: 'pause' });
    expect(d.log).toEqual(['begin reset', 'interrupt']);
    d.finish('reset');
    await flush();
    expect(d.log).toEqual(['begin reset', 'interrupt', 'end reset', 'begin pause']);
  });

  test('no other command interrupts', async () => {
    const d = dispatcher();
    void d.queue.handle({ type: 'resume' });
    void d.queue.handle({ type: 'simulate-device-loss' });
    await flush();
    expect(d.interrupt).not.toHaveBeenCalled();
  });

  test('a failing command is reported, its promise resolves, and the queue goes on', async () => {
    const d = dispatcher();
    const failing = d.queue.handle({ type: 'ptq' });
    const next = d.queue.handle({ type: 'reset' });
    await flush();
    d.fail('ptq', 'boom');
    await expect(failing).resolves.toBeUndefined();
    expect(d.reportFailure).toHaveBeenCalledExactlyOnceWith('boom');
    await flush();
    d.finish('reset');
    await next;
    expect(d.log).toEqual(['begin ptq', 'report boom', 'begin reset', 'end reset']);
  });

  test('enqueued engine work waits behind the commands already queued', async () => {
    const d = dispatcher();
    void d.queue.handle({ type: 'reset' });
    const task = d.queue.enqueue(async () => void d.log.push('task'));
    await flush();
    expect(d.log).toEqual(['begin reset']);
    d.finish('reset');
    await task;
    expect(d.log).toEqual(['begin reset', 'end reset', 'task']);
  });

  test('a failing enqueued task is reported like a command', async () => {
    const d = dispatcher();
    await d.queue.enqueue(() => Promise.reject(new Error('no backend')));
    expect(d.reportFailure).toHaveBeenCalledExactlyOnceWith(new Error('no backend'));
  });
});
