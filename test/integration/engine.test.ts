import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, test } from 'vitest';
import { testRecipe, recordingEngine, only } from '../helpers/node-engine';

let destroy: (() => Promise<void>) | null = null;
afterEach(async () => {
  await destroy?.();
  destroy = null;
});

function engine() {
  const rec = recordingEngine();
  destroy = rec.engine.destroy;
  return rec;
}

describe('engine on the CPU backend in Node', () => {
  test('trains MNIST: loss falls and test accuracy rises well above chance', async () => {
    const { engine: e, events, until } = engine();
    const done = until(['finished', 'failed']);
    await e.handle({
      type: 'start',
      recipe: testRecipe({
        steps: 100,
        batchSize: 32,
        metricsEvery: 10,
        evalEvery: 100,
        testExamples: 1000,
      }),
    });
    await done;
    expect(only(events, 'error')).toEqual([]);
    const train = only(events, 'train-metrics');
    const test = only(events, 'test-metrics');
    expect(train.map((m) => m.step)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100]);
    expect(test.map((m) => m.step)).toEqual([0, 100]);
    // The wait before step 1 says what it is for (a minute on a slow backend).
    const testing = events.findIndex(
      (ev) =>
        ev.type === 'phase' &&
        ev.message ===
          'Testing the untrained model on 500 of 1,000 test images (later tests use all)…',
    );
    expect(testing).toBeGreaterThanOrEqual(0);
    expect(testing).toBeLessThan(events.indexOf(test[0]!));
    const [first, last] = [train[0]!, train[train.length - 1]!];
    expect(last.loss).toBeLessThan(first.loss * 0.6);
    const [before, after] = [test[0]!, test[1]!];
    expect([before.images, after.images]).toEqual([500, undefined]);
    expect(after.testLoss).toBeLessThan(before.testLoss);
    // Chance is 10 %; a model that learned anything real clears five times that.
    expect(after.testAccuracy).toBeGreaterThan(Math.max(0.5, before.testAccuracy + 0.3));
    expect(only(events, 'backend')[0]).toMatchObject({
      backend: 'cpu',
      reason: '',
      fastCpuKernels: true,
    });
  });

  test('the same seed gives the same metric stream; another seed does not', async () => {
    const losses = async (seed: number) => {
      const { engine: e, events, until } = recordingEngine();
      const done = until(['finished']);
      await e.handle({
        type: 'start',
        recipe: testRecipe({ steps: 4, batchSize: 8, metricsEvery: 1, seed }),
      });
      await done;
      await e.destroy();
      return only(events, 'train-metrics').map((m) => m.loss);
    };
    const a = await losses(3);
    expect(await losses(3)).toEqual(a);
    expect(await losses(4)).not.toEqual(a);
  });

  test('step and reset follow the commands', async () => {
    const { engine: e, events } = engine();
    const cfg = testRecipe({
      steps: 50,
      batchSize: 8,
      metricsEvery: 1,
      evalEvery: 1000,
      testExamples: 100,
    });
    await e.handle({ type: 'step', recipe: cfg });
    expect(only(events, 'train-metrics').map((m) => m.step)).toEqual([1]);
    expect(only(events, 'phase').at(-1)?.phase).toBe('paused');
    await e.handle({ type: 'step', recipe: cfg });
    expect(only(events, 'train-metrics').map((m) => m.step)).toEqual([1, 2]);
    await e.handle({ type: 'reset' });
    expect(only(events, 'phase').at(-1)?.phase).toBe('idle');
    await e.handle({ type: 'step', recipe: cfg });
    expect(only(events, 'train-metrics').at(-1)?.step).toBe(1); // a fresh run
  });

  test('pause stops a running loop between steps', async () => {
    const { engine: e, events, until } = engine();
    const cfg = testRecipe({
      steps: 10_000,
      batchSize: 8,
      metricsEvery: 1,
      evalEvery: 10_000,
      testExamples: 100,
    });
    await e.handle({ type: 'start', recipe: cfg });
    const paused = until(['paused']);
    await e.handle({ type: 'pause' });
    await paused;
    const steps = only(events, 'train-metrics').length;
    expect(steps).toBeLessThan(10_000);
    expect(only(events, 'phase').at(-1)?.phase).toBe('paused');
  });

  test('tensor count stays flat across many steps', async () => {
    const { engine: e } = engine();
    const cfg = testRecipe({
      steps: 1000,
      batchSize: 4,
      metricsEvery: 5,
      evalEvery: 20,
      testExamples: 100,
    });
    await e.handle({ type: 'step', recipe: cfg }); // warm-up: data, model and optimizer slots exist
    await e.handle({ type: 'step', recipe: cfg });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 40; i++) await e.handle({ type: 'step', recipe: cfg });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('recipes that cannot train', () => {
  test('are refused before anything is built, with the reason', async () => {
    const { engine: e, events } = recordingEngine();
    await e.handle({ type: 'start', recipe: testRecipe({ freezing: 'on', qat: 'off' }) });
    const errors = events.filter((ev) => ev.type === 'error');
    expect(errors).toEqual([
      { type: 'error', kind: 'rejected', message: expect.stringMatching(/turn on QAT/) },
    ]);
    expect(events.some((ev) => ev.type === 'phase' && ev.phase === 'loading')).toBe(false);
    await e.destroy();
  });
});

describe('learning-rate schedules', () => {
  test('warm-up and cosine reach the optimizer: the reported rate follows the schedule', async () => {
    const { engine: e, events, until } = recordingEngine();
    const done = until(['finished', 'failed']);
    const cfg = testRecipe({
      steps: 20,
      batchSize: 8,
      metricsEvery: 5,
      learningRate: 0.01,
      lrSchedule: 'cosine',
      warmupSteps: 5,
      testExamples: 100,
      ptqAtEnd: 'off',
    });
    await e.handle({ type: 'start', recipe: cfg });
    await done;
    await e.destroy();
    const rates = events.flatMap((ev) => (ev.type === 'train-metrics' ? [ev.learningRate!] : []));
    // Step 5 ends the warm-up at lr_0; steps 10, 15 and 20 follow 0.5 lr_0 (1 + cos(pi (t-5)/15)).
    const expected = [5, 10, 15, 20].map((t) =>
      t <= 5 ? 0.01 : 0.005 * (1 + Math.cos((Math.PI * (t - 5)) / 15)),
    );
    rates.forEach((r, i) => expect(r).toBeCloseTo(expected[i]!, 10));
  });
});

describe('PTQ sweep on demand', () => {
  test('runs on a finished run and is refused when there is none', async () => {
    const { engine: e, events, until } = recordingEngine();
    await e.handle({ type: 'ptq' });
    expect(events.at(-1)).toMatchObject({ type: 'error', kind: 'rejected' });
    const done = until(['finished']);
    const cfg = testRecipe({
      steps: 5,
      batchSize: 8,
      testExamples: 100,
      ptqAtEnd: 'off',
      ptqRange: 'min-max',
    });
    await e.handle({ type: 'start', recipe: cfg });
    await done;
    expect(events.some((ev) => ev.type === 'ptq')).toBe(false);
    await e.handle({ type: 'ptq' });
    const ptq = events.at(-1)!;
    expect(ptq.type === 'ptq' && ptq.points.map((p) => p.bits)).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect(ptq).toMatchObject({ step: 5 });
    await e.destroy();
  });
});
