import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { TrainAccumulators } from '../../src/engine/training/accumulators';
import { runLoop, type LoopControl } from '../../src/engine/training/run-loop';
import type { EngineEvent } from '../../src/engine/protocol';
import { defaultRecipe } from '../../src/settings/schema';
import { fakeSession } from '../helpers/fake-session';

describe('TrainAccumulators', () => {
  test('averages loss and accuracy over the window and restarts it', async () => {
    const acc = new TrainAccumulators();
    const add = (loss: number, correct: number, step: number) =>
      tf.tidy(() => acc.add(tf.scalar(loss), tf.scalar(correct), step));
    add(2, 3, 1);
    add(1, 5, 2);
    expect(await acc.read(4)).toEqual({
      steps: 2,
      loss: 1.5,
      terms: {},
      accuracy: 1,
      nonFinite: null,
    });
    add(0.5, 2, 3);
    expect(await acc.read(4)).toEqual({
      steps: 1,
      loss: 0.5,
      terms: {},
      accuracy: 0.5,
      nonFinite: null,
    });
    acc.dispose();
  });

  test('averages each named loss term over the window', async () => {
    const acc = new TrainAccumulators(['task', 'kure']);
    tf.tidy(() => acc.add(tf.scalar(3), tf.scalar(1), 1, [tf.scalar(2), tf.scalar(1)]));
    tf.tidy(() => acc.add(tf.scalar(5), tf.scalar(1), 2, [tf.scalar(1), tf.scalar(4)]));
    // task: (2 + 1) / 2 = 1.5; kure: (1 + 4) / 2 = 2.5; total: (3 + 5) / 2 = 4
    const window = await acc.read(1);
    expect(window.terms).toEqual({ task: 1.5, kure: 2.5 });
    expect(window.loss).toBe(4);
    acc.dispose();
  });

  test('latches the first non-finite loss and its step', async () => {
    const acc = new TrainAccumulators();
    const losses = [1, 2, NaN, Infinity, 3];
    losses.forEach((loss, i) => tf.tidy(() => acc.add(tf.scalar(loss), tf.scalar(1), i + 1)));
    const window = await acc.read(1);
    expect(window.nonFinite?.step).toBe(3);
    expect(window.nonFinite?.loss).toBeNaN();
    acc.dispose();
  });

  test('an infinite loss is reported as Infinity', async () => {
    const acc = new TrainAccumulators();
    tf.tidy(() => acc.add(tf.scalar(Infinity), tf.scalar(0), 1));
    expect((await acc.read(1)).nonFinite).toEqual({ step: 1, loss: Infinity });
    acc.dispose();
  });

  test('holds one row per step until the read, then none', async () => {
    const acc = new TrainAccumulators();
    const before = tf.memory().numTensors;
    for (let i = 1; i <= 50; i++) tf.tidy(() => acc.add(tf.scalar(1), tf.scalar(1), i));
    expect(tf.memory().numTensors).toBe(before + 50);
    await acc.read(1);
    expect(tf.memory().numTensors).toBe(before);
    tf.tidy(() => acc.add(tf.scalar(1), tf.scalar(1), 51));
    acc.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  test('rejects a step whose loss terms do not match the names', () => {
    const acc = new TrainAccumulators(['task', 'kure']);
    expect(() => tf.tidy(() => acc.add(tf.scalar(1), tf.scalar(1), 1, [tf.scalar(1)]))).toThrow(
      /expected 2 loss terms, got 1/,
    );
    acc.dispose();
  });
});

describe('runLoop on divergence', () => {
  test('stops at the read that sees a non-finite loss, reports the step, and plots nothing after', async () => {
    const session = fakeSession(
      (stepCount) => ({
        steps: 5,
        loss: stepCount < 10 ? 1 : NaN,
        terms: {},
        accuracy: 0.5,
        nonFinite: stepCount < 10 ? null : { step: 7 + 1, loss: NaN },
      }),
      { restoreTo: 5 },
    );
    const events: EngineEvent[] = [];
    const control: LoopControl = { stopRequested: false, running: null };
    const recipe = { ...defaultRecipe(), steps: 100, metricsEvery: 5, evalEvery: 1000 };
    const outcome = await runLoop(session, recipe, control, (e) => events.push(e));
    expect(outcome).toBe('diverged');
    expect(session.stepCount).toBe(5); // back at the last finite read
    const metrics = events.filter((e) => e.type === 'train-metrics');
    expect(metrics).toHaveLength(1);
    expect(events.at(-2)).toMatchObject({ type: 'error', kind: 'diverged', step: 8 });
    expect(events.at(-2)).toMatchObject({ message: expect.stringMatching(/NaN at step 8/) });
    expect(events.at(-2)).toMatchObject({ message: expect.stringMatching(/back at step 5/) });
    expect(events.at(-1)).toMatchObject({ type: 'phase', phase: 'failed' });
  });
});
