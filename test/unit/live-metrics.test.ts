import { afterEach, describe, expect, test, vi } from 'vitest';
import type { EngineEvent } from '../../src/engine/protocol';
import { runLoop, type LoopControl } from '../../src/engine/training/run-loop';
import { defaultRecipe } from '../../src/settings/schema';
import { fakeSession, finiteWindow } from '../helpers/fake-session';

/** Run 20 steps of 100 ms each (a fake clock) with metrics every 10 steps; the events' steps. */
async function stepsOfEvents(liveMetricsMs: number) {
  let now = 0;
  vi.spyOn(performance, 'now').mockImplementation(() => now);
  const session = fakeSession(() => finiteWindow(), { onStep: () => (now += 100) });
  const events: EngineEvent[] = [];
  const control: LoopControl = { stopRequested: false, running: null };
  const recipe = { ...defaultRecipe(), steps: 20, metricsEvery: 10, evalEvery: 1000 };
  const options = { liveMetricsMs };
  expect(await runLoop(session, recipe, control, (e) => events.push(e), options)).toBe('finished');
  const stepsOf = (type: EngineEvent['type']) =>
    events.flatMap((e) => (e.type === type && 'step' in e ? [e.step] : []));
  return { train: stepsOf('train-metrics'), layers: stepsOf('layer-stats') };
}

describe('live train metrics between the step cadence', () => {
  afterEach(() => vi.restoreAllMocks());

  test('off: train metrics and layer statistics only every metricsEvery steps', async () => {
    expect(await stepsOfEvents(0)).toEqual({ train: [10, 20], layers: [10, 20] });
  });

  test('250 ms: train metrics whenever 250 ms have passed since the last read', async () => {
    // 100 ms steps: 300 ms after step 3, 6, 9; the step-10 read restarts the count.
    expect(await stepsOfEvents(250)).toEqual({
      train: [3, 6, 9, 10, 13, 16, 19, 20],
      layers: [10, 20],
    });
  });
});
