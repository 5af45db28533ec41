import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../src/engine/protocol';
import type { Recipe } from '../../src/settings/schema';
import { testRecipe, only, recordingEngine, trainToEnd } from '../helpers/node-engine';

async function train(overrides: Partial<Recipe>): Promise<EngineEvent[]> {
  const base: Partial<Recipe> = {
    steps: 150,
    batchSize: 32,
    metricsEvery: 25,
    evalEvery: 1000,
    testExamples: 1000,
    seed: 3,
    ptqAtEnd: 'off',
  };
  const events = await trainToEnd(testRecipe({ ...base, ...overrides }));
  expect(only(events, 'error')).toEqual([]);
  return events;
}

const finalAccuracy = (events: EngineEvent[]) => only(events, 'test-metrics').at(-1)!.testAccuracy;

describe('quantization-aware training', () => {
  test('LSQ+ W4A8 on the small CNN gets close to its float baseline, and learns s and beta', async () => {
    const fp = await train({});
    const qat = await train({ qat: 'lsq+', wBits: 4, aBits: '8' });
    // Close to float: within 5 points after the same steps (W4A8 costs little on MNIST).
    expect(finalAccuracy(qat)).toBeGreaterThan(finalAccuracy(fp) - 0.05);
    const reports = only(qat, 'technique-metrics').filter((e) => e.technique === 'qat');
    const [first, last] = [reports[0]!.layers, reports.at(-1)!.layers];
    expect(first.map((l) => l.name)).toEqual(['conv1', 'conv2', 'dense']);
    // conv1 sees the image (not quantized); later layers have a learned input step and offset.
    expect(Object.keys(first[0]!.values)).toEqual(['weightStep']);
    expect(Object.keys(first[1]!.values)).toEqual(['weightStep', 'inputStep', 'inputOffset']);
    for (const [i, layer] of last.entries()) {
      for (const [key, value] of Object.entries(layer.values)) {
        const before = (first[i]!.values as Record<string, number | undefined>)[key];
        expect(value, `${layer.name}.${key}`).not.toBe(before);
      }
    }
  });

  test('step sizes learn at the quantizer rate, on their own optimizer: a fast model rate cannot collapse them', async () => {
    const steps = (quantLearningRate: number) =>
      train({
        qat: 'lsq',
        wBits: 3,
        firstLast8: 'on',
        learningRate: 0.02,
        quantLearningRate,
        steps: 20,
        metricsEvery: 1,
      }).then((events) => {
        const reports = only(events, 'technique-metrics').filter((e) => e.technique === 'qat');
        return reports.map((r) => r.layers.map((l) => l.values.weightStep!));
      });
    const [slow, fast] = [await steps(1e-6), await steps(1e-2)];
    const change = (run: number[][]) =>
      Math.max(...run.at(-1)!.map((s, i) => Math.abs(s - run[0]![i]!)));
    // Adam moves a parameter by at most about its rate per step: 19 steps after the first read.
    expect(change(slow)).toBeLessThan(19 * 1e-6 * 1.5);
    expect(change(fast)).toBeGreaterThan(100 * change(slow));
    // The model's own rate (0.02) would push the 8-bit dense step (~0.005) to the floor.
    expect(Math.min(...slow.flat())).toBeGreaterThan(1e-3);
  });

  test('LSQ at W2 trains and reports a finite loss; evaluation uses the quantized model', async () => {
    const events = await train({ qat: 'lsq', wBits: 2, steps: 30 });
    const metrics = only(events, 'train-metrics');
    expect(metrics.every((m) => Number.isFinite(m.loss))).toBe(true);
    expect(Object.keys(metrics.at(-1)!.terms)).toEqual(['task']);
    expect(finalAccuracy(events)).toBeGreaterThan(0.1);
  });
});

describe('QAT from the previous float run', () => {
  test('init=previous starts QAT from the trained weights; another model starts fresh', async () => {
    const { engine, events, until } = recordingEngine();
    const base = { batchSize: 32, metricsEvery: 20, evalEvery: 1000, testExamples: 500 };
    let done = until(['finished', 'failed']);
    await engine.handle({
      type: 'start',
      recipe: testRecipe({ ...base, steps: 80, ptqAtEnd: 'off' }),
    });
    await done;
    const floatAccuracy = only(events, 'test-metrics').at(-1)!.testAccuracy;

    const mark = events.length;
    done = until(['finished', 'failed']);
    const qat = testRecipe({ ...base, steps: 20, qat: 'lsq', wBits: 8, init: 'previous' });
    await engine.handle({ type: 'start', recipe: qat });
    await done;
    const fresh = events.slice(mark);
    expect(fresh.some((e) => e.type === 'phase' && /previous run's weights/.test(e.message))).toBe(
      true,
    );
    // Step 0 of the QAT run already has the float run's accuracy (W8 barely changes it).
    const baseline = only(fresh, 'test-metrics')[0]!;
    expect(baseline.step).toBe(0);
    expect(baseline.testAccuracy).toBeGreaterThan(floatAccuracy - 0.05);

    const mark2 = events.length;
    done = until(['finished', 'failed']);
    await engine.handle({ type: 'start', recipe: { ...qat, model: 'mobilenet-tiny', steps: 1 } });
    await done;
    const other = events.slice(mark2);
    expect(other.some((e) => e.type === 'phase' && /fresh weights/.test(e.message))).toBe(true);
    await engine.destroy();
  });
});
