// A/B twin runs through the real path: the store's twin, the twin commands, two bridges and two
// real engines (CPU backend in Node) behind fake worker ports.
import { afterEach, describe, expect, test } from 'vitest';
import { createEngine, type Engine } from '../../src/engine/engine';
import type { EngineCommand, EngineEvent } from '../../src/engine/protocol';
import { connectEngine, type WorkerPort } from '../../src/store/engine-bridge';
import { useLab, type Slot } from '../../src/store/lab-store';
import { twinCommands } from '../../src/store/twin-commands';
import { initialRunState } from '../../src/store/run-state';
import type { Twin } from '../../src/settings/twin-codec';
import { testRecipe, nodeEnv } from '../helpers/node-engine';

/** A worker port backed by a real engine; keeps every event it sends to the bridge. */
function enginePort() {
  const listeners: ((event: MessageEvent) => void)[] = [];
  const events: EngineEvent[] = [];
  const engine: Engine = createEngine(nodeEnv, (event) => {
    events.push(event);
    for (const listener of listeners) listener({ data: event } as MessageEvent);
  });
  const port: WorkerPort = {
    postMessage: (command: EngineCommand) => void engine.handle(command),
    addEventListener: (type: string, listener: (event: never) => void) => {
      if (type === 'message') listeners.push(listener as (event: MessageEvent) => void);
    },
    terminate: () => void engine.destroy(),
  };
  return { port, events, engine };
}

const engines: Engine[] = [];
afterEach(async () => {
  await Promise.all(engines.splice(0).map((e) => e.destroy()));
});

/** Train A and its twin with `twin` to the end; the events each engine sent, timing removed. */
async function trainTwins(twin: Twin): Promise<Record<Slot, EngineEvent[]>> {
  useLab.setState({
    recipe: testRecipe({ steps: 6, batchSize: 8, metricsEvery: 2, evalEvery: 6, testExamples: 64 }),
    twin,
    run: initialRunState(),
    runB: initialRunState(),
  });
  const a = enginePort();
  const b = enginePort();
  engines.push(a.engine, b.engine);
  const commands = twinCommands(connectEngine(() => a.port).commands, () => {
    return connectEngine(() => b.port, { slot: 'b' }).commands;
  });
  commands.start();
  await until(() => ended(useLab.getState().run.phase) && ended(useLab.getState().runB.phase));
  return { a: withoutTiming(a.events), b: withoutTiming(b.events) };
}

const ended = (phase: string) => phase === 'finished' || phase === 'failed';

async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 20));
}

/**
 * Events without the wall-clock field (steps per second) and the tensor count (both engines share
 * one tfjs here; in the browser each worker has its own).
 */
function withoutTiming(events: EngineEvent[]): EngineEvent[] {
  return events.map((event) =>
    event.type === 'train-metrics' ? { ...event, stepsPerSecond: 0, memory: undefined } : event,
  );
}

describe('A/B twin runs', () => {
  test('the same seed and recipe give identical event streams in A and B', async () => {
    const { a, b } = await trainTwins({ on: true, overrides: {} });
    expect(a.some((e) => e.type === 'train-metrics')).toBe(true);
    expect(b).toEqual(a);
    const { run, runB } = useLab.getState();
    expect(run.phase).toBe('finished');
    expect(runB.trainLoss).toEqual(run.trainLoss);
    expect(runB.testAccuracy).toEqual(run.testAccuracy);
  });

  test('B with KURE switched on trains a different stream, with a KURE term', async () => {
    const { a, b } = await trainTwins({ on: true, overrides: { kure: 'on' } });
    const losses = (events: EngineEvent[]) =>
      events.flatMap((e) => (e.type === 'train-metrics' ? [e.loss] : []));
    expect(losses(a)).toHaveLength(losses(b).length);
    expect(losses(b)).not.toEqual(losses(a));
    const { run, runB } = useLab.getState();
    expect(Object.keys(run.terms)).not.toContain('kure');
    expect(Object.keys(runB.terms)).toContain('kure');
    expect(runB.recipe?.kure).toBe('on');
    expect(run.recipe?.kure).toBe('off');
  });

  test('with the twin off only engine A is created and trains', async () => {
    let created = 0;
    useLab.setState({
      recipe: testRecipe({
        steps: 2,
        batchSize: 8,
        metricsEvery: 1,
        evalEvery: 2,
        testExamples: 32,
      }),
      twin: { on: false, overrides: { kure: 'on' } },
      run: initialRunState(),
      runB: initialRunState(),
    });
    const a = enginePort();
    engines.push(a.engine);
    const commands = twinCommands(connectEngine(() => a.port).commands, () => {
      created += 1;
      return connectEngine(() => enginePort().port, { slot: 'b' }).commands;
    });
    commands.start();
    await until(() => ended(useLab.getState().run.phase));
    commands.reset();
    expect(created).toBe(0);
    expect(useLab.getState().runB.phase).toBe('idle');
  });
});
