// PTQ protocol pieces (methods.md 1.5): per-layer fake quantization, first/last at 8 bit, label.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import {
  ptqLabel,
  ptqQuantizeWeights,
  type PtqOptions,
  type PtqTensor,
} from '../../../../src/core/ptq/protocol';
import { fakeQuantize } from '../../../../src/core/quant/calibrate';

function model(): PtqTensor[] {
  return [
    { name: 'conv1/kernel', role: 'kernel', kind: 'conv2d', tensor: rnd([3, 3, 1, 4], 1) },
    { name: 'conv1/bias', role: 'bias', tensor: rnd([4], 2) },
    { name: 'dw/kernel', role: 'kernel', kind: 'depthwise', tensor: rnd([3, 3, 4, 1], 3) },
    { name: 'dense/kernel', role: 'kernel', kind: 'dense', tensor: rnd([16, 10], 4) },
    { name: 'dense/bias', role: 'bias', tensor: rnd([10], 5) },
  ];
}

function rnd(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 0.3, 'float32', seed);
}

const options: PtqOptions = {
  bits: 2,
  scheme: 'symmetric',
  granularity: 'per-channel',
  range: 'mse',
  firstLastAt8Bit: true,
};

function same(a: tf.Tensor, b: tf.Tensor): boolean {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] === 0);
}

describe('ptqQuantizeWeights', () => {
  test('first and last kernels at 8 bit, the middle at b, biases untouched', () => {
    const inputs = model();
    const before = tf.memory().numTensors;
    const { weights, label } = ptqQuantizeWeights(inputs, options);
    expect(tf.memory().numTensors).toBe(before + inputs.length); // one owned output per input
    expect(label).toBe('W2A32');
    expect(weights.map((w) => [w.name, w.bits])).toEqual([
      ['conv1/kernel', 8],
      ['conv1/bias', null],
      ['dw/kernel', 2],
      ['dense/kernel', 8],
      ['dense/bias', null],
    ]);
    inputs.forEach((input, i) => {
      const out = weights[i]!;
      const expected =
        out.bits === null
          ? input.tensor.clone()
          : fakeQuantize(input.tensor, {
              bits: out.bits,
              scheme: 'symmetric',
              granularity: 'per-channel',
              kind: input.kind,
              range: 'mse',
            });
      expect(same(out.tensor, expected)).toBe(true);
      expected.dispose();
    });
    // outputs are owned by the caller: disposing them leaves the inputs alive
    tf.dispose(weights.map((w) => w.tensor));
    expect(tf.memory().numTensors).toBe(before);
    expect(inputs.every((t) => !t.tensor.isDisposed)).toBe(true);
    tf.dispose(inputs.map((t) => t.tensor));
  });

  test('toggle off: every kernel at b; 2-bit depthwise has at most 4 levels per channel', () => {
    const inputs = model();
    const { weights, label } = ptqQuantizeWeights(inputs, {
      ...options,
      firstLastAt8Bit: false,
      activationBits: 8,
    });
    expect(label).toBe('W2A8');
    expect(weights.filter((w) => w.bits !== null).map((w) => w.bits)).toEqual([2, 2, 2]);
    const dw = weights[2]!.tensor.dataSync();
    for (let c = 0; c < 4; c++) {
      const levels = new Set(Array.from({ length: 9 }, (_, k) => dw[k * 4 + c]));
      expect(levels.size).toBeLessThanOrEqual(4);
    }
    tf.dispose([...weights.map((w) => w.tensor), ...inputs.map((t) => t.tensor)]);
  });

  test('bad input: bits, duplicate names, a NaN kernel (no leak), per-channel without kind', () => {
    const inputs = model();
    const nan: PtqTensor = {
      name: 'bad/kernel',
      role: 'kernel',
      kind: 'dense',
      tensor: tf.tensor([[NaN, 1]]),
    };
    const noKind: PtqTensor = { name: 'x/kernel', role: 'kernel', tensor: tf.ones([2, 2]) };
    const before = tf.memory().numTensors;
    expect(() => ptqQuantizeWeights(inputs, { ...options, bits: 1 })).toThrowError(/bits/);
    expect(() => ptqQuantizeWeights(inputs, { ...options, activationBits: 12 })).toThrowError(
      /bits/,
    );
    expect(() => ptqQuantizeWeights([inputs[0]!, inputs[0]!], options)).toThrowError(/duplicate/);
    expect(() => ptqQuantizeWeights([...inputs, nan], options)).toThrowError(
      /PTQ of 'bad\/kernel' failed: .*NaN/,
    );
    expect(() => ptqQuantizeWeights([noKind], options)).toThrowError(/layer kind/);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([...inputs.map((t) => t.tensor), nan.tensor, noKind.tensor]);
  });
});

describe('ptqLabel', () => {
  test('W<b>A<b_a>, A32 when activations are not quantized', () => {
    expect(ptqLabel(4)).toBe('W4A32');
    expect(ptqLabel(4, 4)).toBe('W4A4');
    expect(ptqLabel(8, 2)).toBe('W8A2');
    expect(() => ptqLabel(9)).toThrowError(/bits/);
  });
});
