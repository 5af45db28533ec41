import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { ADD_N_MAX_INPUTS, addAll } from '../../../src/core/add-all';

test('sums any number of tensors in chunks tfjs-webgpu can bind, with the addN gradient', () => {
  for (const count of [1, ADD_N_MAX_INPUTS, ADD_N_MAX_INPUTS + 1, 10, 17]) {
    const xs = Array.from({ length: count }, (_, i) => tf.tensor1d([i, 0 - 2 * i]));
    const before = tf.memory().numTensors;
    const sum = addAll(xs);
    const expected = (count * (count - 1)) / 2; // 0 + 1 + … + (count - 1)
    expect(Array.from(sum.dataSync())).toEqual([expected, 0 - 2 * expected]);
    sum.dispose();
    expect(tf.memory().numTensors).toBe(before);
    // d(sum)/dx_i = 1 for every input, as for tf.addN.
    const grads = tf.grads((...inputs: tf.Tensor[]) => tf.sum(addAll(inputs)))(xs);
    grads.forEach((g) => expect(Array.from(g.dataSync())).toEqual([1, 1]));
    tf.dispose([...xs, ...grads]);
  }
  expect(() => addAll([])).toThrow(/at least one/);
});
