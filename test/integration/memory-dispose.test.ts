// Every tensor a run makes is gone once its engine is destroyed: a technique that leaves its
// initial tensors behind (tf.variable and assign keep their own reference) fails here in seconds.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import type { Recipe } from '../../src/settings/schema';
import { testRecipe, only, trainToEnd } from '../helpers/node-engine';

const short = { steps: 10, batchSize: 4, metricsEvery: 5, evalEvery: 10, testExamples: 100 };

describe('a destroyed engine leaves no tensor behind', () => {
  test.each<[string, Partial<Recipe>]>([
    [
      'R2 Margin, KURE, LSQ+ W3A4, dampening, freezing, PTQ A8',
      {
        r2: 'margin',
        kure: 'on',
        qat: 'lsq+',
        wBits: 3,
        aBits: '4',
        dampening: 0.1,
        freezing: 'on',
        oscStart: 0.1,
        ptqEvery: 5,
        ptqActBits: '8',
        bnReestimate: 'on',
      },
    ],
    ['R2 Soft-min-max, LSQ W4A8', { r2: 'soft-min-max', qat: 'lsq', aBits: '8' }],
  ])('%s', async (_name, overrides) => {
    const before = tf.memory().numTensors;
    const events = await trainToEnd(testRecipe({ ...short, ...overrides }));
    expect(only(events, 'error')).toEqual([]);
    expect(only(events, 'phase').at(-1)?.phase).toBe('finished');
    expect(tf.memory().numTensors).toBe(before);
  });
});
