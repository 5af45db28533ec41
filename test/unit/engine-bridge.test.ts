import { beforeEach, describe, expect, test } from 'vitest';
import type { EngineCommand } from '../../src/engine/protocol';
import { connectEngine, type WorkerPort } from '../../src/store/engine-bridge';
import { useLab } from '../../src/store/lab-store';
import { initialRunState } from '../../src/store/run-state';
import { defaultRecipe } from '../../src/settings/schema';

/** A fake worker: records commands, and lets the test send messages or an error event. */
function fakePort() {
  const sent: EngineCommand[] = [];
  const listeners: Record<string, ((event: never) => void)[]> = { message: [], error: [] };
  let terminated = false;
  const port: WorkerPort = {
    postMessage: (command) => void sent.push(command),
    addEventListener: (type: string, listener: (event: never) => void) => {
      listeners[type]!.push(listener);
    },
    terminate: () => void (terminated = true),
  };
  return {
    port,
    sent,
    terminated: () => terminated,
    message: (data: unknown) => listeners.message!.forEach((l) => l({ data } as never)),
    crash: (message: string) => listeners.error!.forEach((l) => l({ message } as never)),
  };
}

describe('engine bridge', () => {
  beforeEach(() => {
    useLab.setState({ recipe: defaultRecipe(), run: initialRunState() });
  });

  test('a crashed worker is reported with a way on; restart brings a fresh worker', () => {
    const ports = [fakePort(), fakePort()];
    let made = 0;
    const { commands } = connectEngine(() => ports[made++]!.port);
    const [first, second] = ports as [ReturnType<typeof fakePort>, ReturnType<typeof fakePort>];
    first.message({
      type: 'train-metrics',
      step: 10,
      loss: 1,
      terms: { task: 1 },
      trainAccuracy: 0.5,
      stepsPerSecond: 3,
    });
    first.crash('out of memory');
    expect(useLab.getState().run.phase).toBe('failed');
    expect(useLab.getState().run.error).toMatchObject({ kind: 'internal' });
    expect(useLab.getState().run.error?.message).toMatch(/crashed \(out of memory\)\. Restart it/);

    commands.restart();
    expect(made).toBe(2);
    expect(first.terminated()).toBe(true);
    expect(second.sent.map((c) => c.type)).toEqual(['probe']);
    const run = useLab.getState().run;
    expect(run.error).toBeNull();
    expect(run.phase).toBe('idle');
    expect(run.trainLoss.value).toEqual([1]); // the metrics so far are kept

    // The old worker's late messages are ignored; the new one's arrive.
    first.message({ type: 'phase', phase: 'running', message: 'late' });
    expect(useLab.getState().run.phase).toBe('idle');
    second.message({ type: 'phase', phase: 'paused', message: 'ok' });
    expect(useLab.getState().run.phase).toBe('paused');
    commands.pause();
    expect(second.sent.at(-1)).toEqual({ type: 'pause' });
    expect(first.sent).toEqual([]);
  });

  test('a malformed message becomes a protocol error and is never applied', () => {
    const port = fakePort();
    connectEngine(() => port.port);
    port.message({ type: 'phase', phase: 'exploded' });
    expect(useLab.getState().run.error?.kind).toBe('protocol');
    expect(useLab.getState().run.phase).toBe('idle');
  });
});
