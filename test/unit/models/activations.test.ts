import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { activate, ACTIVATIONS, isActivation } from '../../../src/engine/models/activations';

const inputs = [-8, -1, 0, 0.5, 3, 7];

function values(activation: (typeof ACTIVATIONS)[number]): number[] {
  const out = tf.tidy(() => activate(tf.tensor1d(inputs), activation));
  const result = Array.from(out.dataSync());
  out.dispose();
  return result;
}

test('relu is max(0, x); relu6 also clips at 6', () => {
  expect(values('relu')).toEqual([0, 0, 0, 0.5, 3, 7]);
  expect(values('relu6')).toEqual([0, 0, 0, 0.5, 3, 6]);
});

test('swish is x * sigmoid(x): zero at 0, near x for large x, a small dip below 0', () => {
  const expected = inputs.map((v) => v / (1 + Math.exp(-v)));
  values('swish').forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 5));
  expect(Math.min(...values('swish'))).toBeGreaterThan(-0.28);
});

test('activations keep shape and leak no tensor', () => {
  const x = tf.randomNormal([2, 3, 3, 4]);
  const before = tf.memory().numTensors;
  for (const a of ACTIVATIONS) {
    const out = activate(x, a);
    expect(out.shape).toEqual(x.shape);
    out.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
  x.dispose();
});

test('isActivation accepts exactly the listed names', () => {
  expect(ACTIVATIONS.every(isActivation)).toBe(true);
  expect(isActivation('gelu')).toBe(false);
});
