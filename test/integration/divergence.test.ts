import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { disposeSplit, uploadDataset, type DeviceSplit } from '../../src/engine/data/device-data';
import { modelVariables } from '../../src/engine/models/copy-weights';
import { createModel } from '../../src/engine/models/registry';
import type { EngineEvent } from '../../src/engine/protocol';
import { runLoop } from '../../src/engine/training/run-loop';
import { createSession } from '../../src/engine/training/session';
import { loadAssetFromDisk } from '../helpers/load-asset';
import { testRecipe, nodeEnv } from '../helpers/node-engine';

let data: { train: DeviceSplit; test: DeviceSplit };

beforeAll(async () => {
  await nodeEnv.selectBackend('cpu');
  nodeEnv.onBackendActive?.('cpu');
  data = uploadDataset(await loadAssetFromDisk('mnist'));
});
afterAll(() => {
  disposeSplit(data.train);
  disposeSplit(data.test);
});

describe('a run that diverges', () => {
  test('stops at the bad step, keeps the last good weights, and they still evaluate', async () => {
    const cfg = testRecipe({
      steps: 40,
      batchSize: 8,
      metricsEvery: 4,
      evalEvery: 1000,
      testExamples: 100,
      ptqAtEnd: 'off',
      kure: 'on',
      qat: 'lsq',
      wBits: 4,
    });
    const model = createModel('small-cnn', {
      activation: 'relu',
      numClasses: 10,
      seed: 1,
      imageSize: 28,
      inChannels: 1,
    });
    const session = await createSession({ model, ...data, numClasses: 10, recipe: cfg });
    const control = { stopRequested: false, running: null };
    const events: EngineEvent[] = [];
    expect(await runLoop(session, cfg, control, (e) => events.push(e), { maxSteps: 8 })).toBe(
      'paused',
    );
    const good = modelVariables(model).map((v) => v.arraySync());

    // A fault no recipe can cause with BN everywhere: a NaN in the second layer's kernel.
    const kernel = model.layers[1]!.kernel;
    kernel.assign(tf.tidy(() => tf.fill(kernel.shape, NaN)));
    expect(await runLoop(session, cfg, control, (e) => events.push(e))).toBe('diverged');

    const error = events.find((e) => e.type === 'error');
    expect(error).toMatchObject({ kind: 'diverged', step: 9 });
    expect(error?.type === 'error' && error.message).toMatch(/NaN at step 9.*kure.*back at step 8/);
    expect(events.at(-1)).toMatchObject({ type: 'phase', phase: 'failed' });
    expect(session.stepCount).toBe(8);
    expect(modelVariables(model).map((v) => v.arraySync())).toEqual(good);
    const { accuracy, loss } = await session.evaluate();
    expect(Number.isFinite(loss)).toBe(true);
    expect(accuracy).toBeGreaterThan(0);
    session.dispose();
    model.dispose();
  });
});
