// Model zoo contract, part 2: forward hooks, batch norm modes, gradients and memory.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { ForwardHooks, WeightLayer } from '../../../src/engine/models/model';
import { MODEL_NAMES } from '../../../src/engine/models/registry';
import { build, images, labels, logits, snapshot, trainLoss, withVariables } from './fixtures';

let x: tf.Tensor4D;
let y: tf.Tensor2D;
beforeAll(() => {
  x = images(4);
  y = labels(4);
});
afterAll(() => tf.dispose([x, y]));

describe.each(MODEL_NAMES)('%s', (name) => {
  test.each(['train', 'eval'] as const)(
    'in %s mode each hook runs once per weight layer, in layer order',
    (mode) => {
      const model = build(name, 'swish');
      const weight = vi.fn((_layer: WeightLayer, kernel: tf.Tensor) => kernel);
      const input = vi.fn((_layer: WeightLayer, v: tf.Tensor) => v);
      logits(model, x, mode, { weight, input });
      const order = model.layers.map((l) => l.index);
      expect(weight.mock.calls.map(([layer]) => layer.index)).toEqual(order);
      expect(input.mock.calls.map(([layer]) => layer.index)).toEqual(order);
      // The hook sees each layer's own kernel, and the very WeightLayer object of `layers`.
      weight.mock.calls.forEach(([layer, kernel], i) => {
        expect(layer).toBe(model.layers[i]);
        expect(kernel.shape).toEqual(layer.kernel.shape);
      });
      model.dispose();
    },
  );

  test('a hook that zeroes every kernel leaves the dense bias broadcast', () => {
    const model = build(name, 'relu6');
    const head = model.layers.at(-1)!;
    head.bias!.assign(tf.linspace(-1, 1, 10));
    const zero: ForwardHooks = { weight: (_layer, kernel) => tf.mul(kernel, 0) };
    const bias = Array.from(head.bias!.dataSync());
    const out = logits(model, x, 'eval', zero);
    expect(Array.from(out)).toEqual([...bias, ...bias, ...bias, ...bias]);
    // Without the hook the weights are really used.
    expect(Array.from(logits(model, x))).not.toEqual(Array.from(out));
    model.dispose();
  });

  test('each layer uses its hooked kernel and input: zeroing one alone changes the logits', () => {
    const model = build(name, 'relu');
    const plain = logits(model, x);
    for (const target of model.layers) {
      const zeroIf = (layer: WeightLayer, t: tf.Tensor) => (layer === target ? tf.mul(t, 0) : t);
      expect(logits(model, x, 'eval', { weight: zeroIf })).not.toEqual(plain);
      expect(logits(model, x, 'eval', { input: zeroIf })).not.toEqual(plain);
    }
    model.dispose();
  });

  test('train mode moves the BN running statistics; eval mode leaves them', () => {
    const { model, variables } = withVariables(() => build(name));
    const stats = variables.filter((v) => !v.trainable);
    // Mean and variance per conv layer (every conv, depthwise or not, has its own BN).
    expect(stats.length).toBe(2 * (model.layers.length - 1));
    const initial = snapshot(stats);
    const first = logits(model, x, 'eval');
    expect(snapshot(stats)).toEqual(initial);
    expect(logits(model, x, 'eval')).toEqual(first);

    logits(model, x, 'train');
    const moved = snapshot(stats);
    moved.forEach((values, i) => expect(values).not.toEqual(initial[i]));
    expect(logits(model, x, 'eval')).not.toEqual(first);
    model.dispose();
  });

  test('gradients of a cross-entropy loss reach every trainable variable', () => {
    const model = build(name, 'relu6');
    const { value, grads } = tf.variableGrads(() => trainLoss(model, x, y), model.trainable);
    expect(Object.keys(grads).length).toBe(model.trainable.length);
    for (const v of model.trainable) {
      const g = grads[v.name]!.dataSync();
      expect(g.length).toBe(v.size);
      expect(g.every(Number.isFinite)).toBe(true);
      expect(g.some((e) => e !== 0)).toBe(true);
    }
    tf.dispose([value, ...Object.values(grads)]);
    model.dispose();
  });

  test('a hooked train-mode forward and backward leaks no tensor', () => {
    const model = build(name, 'swish');
    const hooks: ForwardHooks = {
      weight: (_layer, kernel) => tf.mul(kernel, 0.5),
      input: (_layer, v) => tf.clipByValue(v, -10, 10),
    };
    const step = () => {
      const { value, grads } = tf.variableGrads(
        () => trainLoss(model, x, y, hooks),
        model.trainable,
      );
      tf.dispose([value, ...Object.values(grads)]);
    };
    const before = tf.memory().numTensors;
    step();
    step();
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  test('dispose() frees every variable, BN running statistics included', () => {
    const before = tf.memory().numTensors;
    const { model, variables } = withVariables(() => build(name));
    expect(variables.length).toBeGreaterThan(model.trainable.length);
    logits(model, x, 'train');
    model.dispose();
    expect(variables.every((v) => v.isDisposed)).toBe(true);
    const registered = tf.engine().registeredVariables;
    expect(variables.filter((v) => registered[v.name] !== undefined)).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
