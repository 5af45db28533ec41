import { describe, expect, test } from 'vitest';
import type { EngineCommand, EngineEvent } from '../../src/engine/protocol';
import { createEngineRunner, type EnginePort } from '../../src/sweep/engine-driver';
import { defaultRecipe } from '../../src/settings/schema';

/** A port whose engine answers each command with scripted events, on the next tick. */
function scriptedPort(answer: (command: EngineCommand) => EngineEvent[]) {
  const sent: EngineCommand[] = [];
  let onEvent: (e: EngineEvent) => void = () => {};
  let onCrash: (e: Error) => void = () => {};
  const port: EnginePort = {
    send(command) {
      sent.push(command);
      setTimeout(() => answer(command).forEach((e) => onEvent(e)), 0);
    },
    listen(event, crash) {
      onEvent = event;
      onCrash = crash;
      return () => {};
    },
  };
  return { port, sent, emit: (e: EngineEvent) => onEvent(e), crash: (e: Error) => onCrash(e) };
}

const phase = (p: 'finished' | 'paused' | 'running'): EngineEvent => ({
  type: 'phase',
  phase: p,
  message: p,
});
const testMetrics = (accuracy: number): EngineEvent => ({
  type: 'test-metrics',
  step: 4,
  testAccuracy: accuracy,
  testLoss: 1,
});

describe('engine driver', () => {
  test('a run is the events from start to finished, reduced to a summary', async () => {
    const { port } = scriptedPort((c) =>
      c.type === 'start' ? [phase('running'), testMetrics(0.75), phase('finished')] : [],
    );
    const outcome = await createEngineRunner(port).run({ recipe: defaultRecipe() });
    expect('summary' in outcome && outcome.summary.testAccuracy).toBe(0.75);
    expect(outcome.events).toHaveLength(3);
  });

  test('a pause the driver asked for does not end the run; resume goes on to the end', async () => {
    const script = scriptedPort((c) => {
      if (c.type === 'start') return [phase('running')];
      if (c.type === 'pause') return [phase('paused')];
      return [testMetrics(0.5), phase('finished')];
    });
    const runner = createEngineRunner(script.port);
    const run = runner.run({ recipe: defaultRecipe() });
    runner.pause();
    await new Promise((r) => setTimeout(r, 5));
    runner.resume();
    const outcome = await run;
    expect(script.sent.map((c) => c.type)).toEqual(['start', 'pause', 'resume']);
    expect('summary' in outcome && outcome.summary.testAccuracy).toBe(0.5);
  });

  test('a refused recipe is an error outcome; a crash rejects the run', async () => {
    const refused = scriptedPort(() => [{ type: 'error', kind: 'rejected', message: 'conflict' }]);
    const outcome = await createEngineRunner(refused.port).run({ recipe: defaultRecipe() });
    expect('error' in outcome && outcome.error).toBe('rejected: conflict');
    const crashing = scriptedPort(() => []);
    const run = createEngineRunner(crashing.port).run({ recipe: defaultRecipe() });
    crashing.crash(new Error('worker died'));
    await expect(run).rejects.toThrow('worker died');
  });
});
