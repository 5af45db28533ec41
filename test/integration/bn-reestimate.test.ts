import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BatchSampler, disposeSplit, uploadDataset } from '../../src/engine/data/device-data';
import type { DeviceSplit } from '../../src/engine/data/device-data';
import type { BatchNormParams } from '../../src/engine/models/layers';
import { createModel } from '../../src/engine/models/registry';
import type { Model } from '../../src/engine/models/model';
import type { EngineEvent } from '../../src/engine/protocol';
import { reestimateBatchNorm, reestimateSeed } from '../../src/engine/training/bn-reestimate';
import { createSession } from '../../src/engine/training/session';
import type { Recipe } from '../../src/settings/schema';
import { testRecipe, nodeEnv, recordingEngine, only } from '../helpers/node-engine';

const TEST_EXAMPLES = 500;
/** Re-estimation may cost at most this much test accuracy: two of the evaluated test images. */
const TOLERANCE = 2 / TEST_EXAMPLES;

/** A short W3 LSQ QAT recipe on the small CNN. */
const QAT: Partial<Recipe> = {
  model: 'small-cnn',
  qat: 'lsq',
  wBits: 3,
  steps: 60,
  batchSize: 32,
  metricsEvery: 30,
  evalEvery: 1000,
  testExamples: TEST_EXAMPLES,
  ptqAtEnd: 'off',
  seed: 5,
};

const norms = (model: Model): BatchNormParams[] =>
  model.layers.flatMap((l) => (l.bn ? [l.bn] : []));
const readStats = (model: Model): Promise<number[][]> =>
  Promise.all(norms(model).flatMap((bn) => [bn.movingMean.array(), bn.movingVariance.array()]));
const maxAbsDiff = (a: number[][], b: number[][]): number =>
  Math.max(...a.flatMap((row, i) => row.map((v, j) => Math.abs(v - b[i]![j]!))));

let data: { train: DeviceSplit; test: DeviceSplit; numClasses: number; imageSize: number };

beforeAll(async () => {
  nodeEnv.onBackendActive?.('cpu');
  const raw = await nodeEnv.loadDataset('mnist');
  data = { ...uploadDataset(raw), numClasses: raw.numClasses, imageSize: raw.rows };
});

afterAll(() => {
  disposeSplit(data.train);
  disposeSplit(data.test);
});

function newModel(recipe: Recipe): Model {
  return createModel(recipe.model, {
    activation: recipe.activation,
    numClasses: data.numClasses,
    seed: recipe.seed,
    imageSize: data.imageSize,
    inChannels: 1,
  });
}

describe('BN re-estimation (methods 5.6)', () => {
  test('writes the equal-weight average of per-batch moments (unbiased variance) into the running stats', async () => {
    const recipe = testRecipe({ batchSize: 16, seed: 2 });
    const model = newModel(recipe);
    const batches = 3;
    const result = reestimateBatchNorm(model, data.train, 16, recipe.seed, undefined, batches);
    expect(result).toEqual({ batches, layers: norms(model).length });
    // The first conv's output moments over the same batches, computed directly.
    const conv = model.layers[0]!;
    const sampler = new BatchSampler(data.train.count, 16, reestimateSeed(recipe.seed));
    const expected = tf.tidy(() => {
      const moments = Array.from({ length: batches }, () => {
        const indices = sampler.next();
        const x = tf.gather(data.train.images, indices);
        const z = tf.conv2d(x, conv.kernel as tf.Tensor4D, 1, 'same');
        const { mean, variance } = tf.moments(z, [0, 1, 2]);
        const n = z.shape[0] * z.shape[1]! * z.shape[2]!;
        return [mean, tf.mul(variance, n / (n - 1))];
      });
      return [0, 1].map((k) => tf.div(tf.addN(moments.map((m) => m[k]!)), batches));
    });
    sampler.dispose();
    const [mean, variance] = await Promise.all(expected.map((t) => t.array() as Promise<number[]>));
    const bn = conv.bn!;
    const [gotMean, gotVariance] = [await bn.movingMean.array(), await bn.movingVariance.array()];
    gotMean.forEach((v, i) => expect(v).toBeCloseTo(mean![i]!, 4));
    gotVariance.forEach((v, i) => expect(v / variance![i]!).toBeCloseTo(1, 4));
    tf.dispose(expected);
    model.dispose();
  });

  test('runs on every model (depthwise, strided and residual convs) without leaking', async () => {
    for (const name of ['small-cnn', 'mobilenet-tiny', 'resnet-tiny'] as const) {
      const model = newModel(testRecipe({ model: name, seed: 4 }));
      const stale = await readStats(model);
      const tensors = tf.memory().numTensors;
      const result = reestimateBatchNorm(model, data.train, 8, 4, undefined, 2);
      expect(tf.memory().numTensors, name).toBe(tensors);
      expect(result.layers, name).toBe(norms(model).length);
      const fresh = await readStats(model);
      expect(fresh.flat().every(Number.isFinite), name).toBe(true);
      expect(maxAbsDiff(stale, fresh), name).toBeGreaterThan(1e-3);
      model.dispose();
    }
  });

  test('after W3 QAT it changes the running statistics, keeps test accuracy, leaks nothing and is repeatable', async () => {
    // 40 steps (the engine test below runs the full 60): enough for stale EMA statistics.
    const recipe = testRecipe({ ...QAT, steps: 40 });
    const model = newModel(recipe);
    const session = await createSession({ model, ...data, recipe: recipe });
    for (let i = 0; i < recipe.steps; i++) session.step();
    await session.readTrainWindow();

    const stale = await readStats(model);
    const tensors = tf.memory().numTensors;
    const first = await session.reestimateBatchNorm();
    expect(tf.memory().numTensors).toBe(tensors);
    const fresh = await readStats(model);

    expect(first.batches).toBe(50);
    expect(maxAbsDiff(stale, fresh)).toBeGreaterThan(1e-3);
    expect(fresh.flat().every(Number.isFinite)).toBe(true);
    expect(first.after.accuracy).toBeGreaterThanOrEqual(first.before.accuracy - TOLERANCE);
    console.info(
      `BN re-estimation after ${recipe.steps} steps of W3 LSQ QAT: test accuracy ` +
        `${first.before.accuracy} -> ${first.after.accuracy} (loss ${first.before.loss.toFixed(4)} ` +
        `-> ${first.after.loss.toFixed(4)}), max |Δstat| ${maxAbsDiff(stale, fresh).toFixed(4)}`,
    );

    // A fixed, seeded batch order: the same weights give the same statistics again.
    const second = await session.reestimateBatchNorm();
    expect(maxAbsDiff(fresh, await readStats(model))).toBeLessThan(1e-5);
    expect(second.before.accuracy).toBe(first.after.accuracy);
    expect(second.after.accuracy).toBe(first.after.accuracy);
    session.dispose();
    model.dispose();
  });
});

describe('BN re-estimation in the engine', () => {
  test('with the option on, the end of the run re-estimates before the final test metrics; the command works on the finished run', async () => {
    const { engine, events, until } = recordingEngine();
    const done = until(['finished', 'failed']);
    await engine.handle({ type: 'start', recipe: testRecipe({ ...QAT, bnReestimate: 'on' }) });
    await done;
    expect(only(events, 'error')).toEqual([]);

    const tail = events.filter((e) => e.type === 'bn-reestimated' || e.type === 'test-metrics');
    const [reestimated, final] = tail.slice(-2) as [
      Extract<EngineEvent, { type: 'bn-reestimated' }>,
      Extract<EngineEvent, { type: 'test-metrics' }>,
    ];
    expect(reestimated).toMatchObject({ type: 'bn-reestimated', step: 60, batches: 50 });
    expect(final).toMatchObject({ type: 'test-metrics', step: 60 });
    expect(final.testAccuracy).toBe(reestimated.after);
    expect(reestimated.after).toBeGreaterThanOrEqual(reestimated.before - TOLERANCE);
    console.info(
      `End-of-run BN re-estimation: ${reestimated.before} -> ${reestimated.after} (W3 LSQ)`,
    );

    // On demand, on the finished run: same weights and batches, so the same statistics again.
    const tensors = tf.memory().numTensors;
    await engine.handle({ type: 'bn-reestimate' });
    expect(tf.memory().numTensors).toBe(tensors);
    expect(only(events, 'bn-reestimated').at(-1)).toEqual({
      type: 'bn-reestimated',
      step: 60,
      batches: 50,
      before: reestimated.after,
      after: reestimated.after,
    });
    expect(only(events, 'error')).toEqual([]);
    await engine.destroy();
  });

  test('the command is refused with a clear error while training runs or before any run, and changes nothing', async () => {
    const { engine, events, until } = recordingEngine();
    await engine.handle({ type: 'bn-reestimate' });
    expect(only(events, 'error').at(-1)).toMatchObject({
      message: expect.stringMatching(/no trained model/),
    });

    const cfg = testRecipe({ ...QAT, steps: 10_000, batchSize: 8, metricsEvery: 1000 });
    await engine.handle({ type: 'start', recipe: cfg });
    const before = events.length;
    await engine.handle({ type: 'bn-reestimate' });
    // The loop keeps emitting its own events meanwhile; the command adds only this error.
    expect(only(events.slice(before), 'error')).toEqual([
      {
        type: 'error',
        kind: 'rejected',
        message: 'Cannot re-estimate BN statistics: training is running; pause it first.',
      },
    ]);
    const paused = until(['paused']);
    await engine.handle({ type: 'pause' });
    await paused;
    expect(only(events, 'bn-reestimated')).toEqual([]);
    expect(only(events, 'phase').map((e) => e.phase)).not.toContain('failed');
    await engine.destroy();
  });
});
