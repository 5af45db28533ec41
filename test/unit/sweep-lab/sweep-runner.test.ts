// The lab's sweep runner: the default worker count, a Worker as an engine port, and a pool that
// finishes every run even when a worker crashes.
import { describe, expect, test } from 'vitest';
import { defaultRecipe } from '../../../src/settings/schema';
import type { EngineEvent } from '../../../src/engine/protocol';
import {
  defaultWorkerCount,
  startSweepRunner,
  workerPort,
} from '../../../src/store/sweep/sweep-runner';
import { planSweep } from '../../../src/sweep/sweep-plan';
import { FakeEngineWorker } from './fake-engine-worker';

describe('default worker count', () => {
  test('min(cores − 1, 4) on the CPU backend, at least 1', () => {
    expect(defaultWorkerCount('cpu', null, 8)).toBe(4);
    expect(defaultWorkerCount('cpu', null, 4)).toBe(3);
    expect(defaultWorkerCount('cpu', null, 1)).toBe(1);
    expect(defaultWorkerCount('cpu', null, undefined)).toBe(1);
    expect(defaultWorkerCount('auto', 'cpu', 16)).toBe(4);
  });

  test('2 on a GPU backend, and for auto until the lab knows what it picked', () => {
    expect(defaultWorkerCount('webgpu', null, 16)).toBe(2);
    expect(defaultWorkerCount('webgl', 'cpu', 16)).toBe(2);
    expect(defaultWorkerCount('auto', 'webgpu', 16)).toBe(2);
    expect(defaultWorkerCount('auto', null, 16)).toBe(2);
  });
});

describe('worker port', () => {
  test('validates events, turns a malformed one into a protocol error, reports a crash', () => {
    const worker = new FakeEngineWorker();
    const events: EngineEvent[] = [];
    const crashes: Error[] = [];
    const tapped: string[] = [];
    const port = workerPort(worker, (e) => tapped.push(e.type));
    const stop = port.listen(
      (e) => events.push(e),
      (e) => crashes.push(e),
    );
    worker.emit({ type: 'phase', phase: 'running', message: '' });
    worker.emit({ type: 'nonsense' });
    worker.crash();
    expect(events.map((e) => e.type)).toEqual(['phase', 'error']);
    expect(events[1]).toMatchObject({ kind: 'protocol' });
    expect(tapped).toEqual(['phase', 'error']);
    expect(crashes.map((e) => e.message)).toEqual(['boom']);
    stop();
    worker.emit({ type: 'phase', phase: 'running', message: '' });
    expect(events).toHaveLength(2);
  });
});

describe('sweep runner', () => {
  const recipe = { ...defaultRecipe(), steps: 5 };
  const runs = planSweep(recipe, {
    knob: 'learningRate',
    values: [0.001, 0.01, 0.1],
    seeds: 2,
    metric: 'test-acc',
  });

  test('every run finishes; a crashed worker is replaced and its run queued again', async () => {
    const workers: FakeEngineWorker[] = [];
    const createWorker = () => {
      // The first worker dies on its first start.
      const first = workers.length === 0;
      const worker = new FakeEngineWorker({ crashes: () => first });
      workers.push(worker);
      return worker;
    };
    const outcomes = new Map<string, unknown>();
    const crashes: boolean[] = [];
    const steps: number[] = [];
    const runner = startSweepRunner(runs, 2, createWorker, {
      onStep: (_run, step) => steps.push(step),
      onOutcome: (run, outcome) => outcomes.set(run.key, outcome),
      onCrash: (_run, _error, willRetry) => crashes.push(willRetry),
    });
    expect(await runner.pool.done).toEqual({ cancelled: false, failed: 0 });
    expect([...outcomes.keys()].sort()).toEqual(runs.map((r) => r.key).sort());
    expect(crashes).toEqual([true]);
    expect(workers).toHaveLength(3);
    expect(workers.every((w) => w.terminated)).toBe(true);
    expect(steps).toHaveLength(runs.length);
    expect(runner.crashOne()).toBe(false); // nothing in flight any more
  });

  test('the crash drill reaches a worker with a run in flight', async () => {
    const workers: FakeEngineWorker[] = [];
    const runner = startSweepRunner(
      runs.slice(0, 1),
      1,
      () => {
        const worker = new FakeEngineWorker();
        workers.push(worker);
        return worker;
      },
      { onStep: () => undefined, onOutcome: () => undefined, onCrash: () => undefined },
    );
    expect(runner.crashOne()).toBe(true);
    await runner.pool.done;
    expect(workers[0]!.sent.map((c) => c.type)).toEqual(['start', 'simulate-crash']);
  });
});
