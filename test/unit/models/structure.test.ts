// Model zoo contract, part 1: shapes, seeding, layer lists and sizes.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ACTIVATIONS } from '../../../src/engine/models/activations';
import {
  createModel,
  MODEL_INFO,
  MODEL_NAMES,
  type ModelName,
} from '../../../src/engine/models/registry';
import { BASE_OPTIONS, build, images, logits, snapshot } from './fixtures';

/** Parameter counts worked out by hand from the default shapes (see each model's TSDoc). */
const PARAMETERS: Record<ModelName, number> = {
  'small-cnn': 9_122,
  'mobilenet-tiny': 18_826,
  'resnet-tiny': 77_754,
};

let x: tf.Tensor4D;
beforeAll(() => {
  x = images(3);
});
afterAll(() => x.dispose());

describe.each(MODEL_NAMES)('%s', (name) => {
  test.each(ACTIVATIONS)('logits are [batch, 10] and finite with %s', (activation) => {
    const model = build(name, activation);
    for (const mode of ['eval', 'train'] as const) {
      const out = tf.tidy(() => model.apply(x, mode));
      expect(out.shape).toEqual([3, 10]);
      expect(out.dataSync().every(Number.isFinite)).toBe(true);
      out.dispose();
    }
    model.dispose();
  });

  test('the same seed gives identical weights and logits, another seed different ones', () => {
    const [a, b, c] = [build(name, 'relu', 3), build(name, 'relu', 3), build(name, 'relu', 4)];
    expect(snapshot(a.trainable)).toEqual(snapshot(b.trainable));
    expect(logits(a, x)).toEqual(logits(b, x));
    expect(logits(a, x)).not.toEqual(logits(c, x));
    // Every layer's kernel differs, not just the first (per-layer seeds do not collide).
    a.layers.forEach((layer, i) => {
      expect(layer.kernel.dataSync()).not.toEqual(c.layers[i]!.kernel.dataSync());
    });
    [a, b, c].forEach((m) => m.dispose());
  });

  test('layers are numbered 0..n-1 in forward order: conv stem first, dense head last', () => {
    const model = build(name);
    expect(model.layers.map((l) => l.index)).toEqual(model.layers.map((_, i) => i));
    expect(model.layers[0]!.kind).toBe('conv2d');
    expect(model.layers.at(-1)!.kind).toBe('dense');
    expect(model.layers.at(-1)!.bias).toBeDefined();
    // BN follows every conv, so no conv carries a bias.
    model.layers.slice(0, -1).forEach((l) => expect(l.bias).toBeUndefined());
    expect(new Set(model.layers.map((l) => l.name)).size).toBe(model.layers.length);
    model.dispose();
  });

  test('parameter count is small, exact, and the sum of the trainable sizes', () => {
    const model = build(name);
    const count = model.parameterCount();
    expect(count).toBeLessThan(300_000);
    expect(count).toBe(PARAMETERS[name]);
    expect(count).toBe(model.trainable.reduce((n, v) => n + v.size, 0));
    expect(model.trainable.every((v) => v.trainable)).toBe(true);
    model.dispose();
  });

  test('MODEL_INFO names the built model', () => {
    const model = build(name);
    expect(model.name).toBe(MODEL_INFO[name].displayName);
    expect(MODEL_INFO[name].description.length).toBeGreaterThan(0);
    model.dispose();
  });
});

describe('MobileNet-tiny', () => {
  test('has depthwise [3,3,C,1] layers, each followed by a pointwise 1x1 conv from C', () => {
    const model = build('mobilenet-tiny');
    const depthwise = model.layers.filter((l) => l.kind === 'depthwise');
    expect(depthwise.length).toBeGreaterThanOrEqual(4);
    for (const dw of depthwise) {
      const channels = dw.kernel.shape[2]!;
      expect(dw.kernel.shape).toEqual([3, 3, channels, 1]);
      // The depthwise conv keeps the channels of the layer before it ...
      expect(model.layers[dw.index - 1]!.kernel.shape[3]).toBe(channels);
      // ... and the pointwise conv after it mixes them.
      const pw = model.layers[dw.index + 1]!;
      expect(pw.kind).toBe('conv2d');
      expect(pw.kernel.shape.slice(0, 3)).toEqual([1, 1, channels]);
    }
    model.dispose();
  });
});

describe('ResNet-tiny', () => {
  test('projects the skip path with a 1x1 conv where a block changes shape', () => {
    const model = build('resnet-tiny');
    const kinds = new Set(model.layers.slice(0, -1).map((l) => l.kind));
    expect(kinds).toEqual(new Set(['conv2d']));
    const projections = model.layers.filter((l) => l.name.endsWith('/proj'));
    expect(projections.length).toBeGreaterThanOrEqual(1);
    projections.forEach((p) => expect(p.kernel.shape.slice(0, 2)).toEqual([1, 1]));
    model.dispose();
  });
});

describe('registry', () => {
  test('the small CNN ignores the activation; the others use it', () => {
    const run = (name: ModelName, activation: 'relu' | 'swish') => {
      const model = build(name, activation);
      const out = logits(model, x);
      model.dispose();
      return out;
    };
    expect(run('small-cnn', 'swish')).toEqual(run('small-cnn', 'relu'));
    expect(MODEL_INFO['small-cnn'].activationConfigurable).toBe(false);
    for (const name of ['mobilenet-tiny', 'resnet-tiny'] as const) {
      expect(run(name, 'swish')).not.toEqual(run(name, 'relu'));
      expect(MODEL_INFO[name].activationConfigurable).toBe(true);
    }
  });

  test('other image sizes and class counts work (global average pooling)', () => {
    const model = createModel('mobilenet-tiny', {
      activation: 'relu6',
      numClasses: 3,
      seed: 1,
      imageSize: 20,
      inChannels: 3,
    });
    const out = tf.tidy(() => model.apply(tf.zeros([2, 20, 20, 3]), 'eval'));
    expect(out.shape).toEqual([2, 3]);
    out.dispose();
    model.dispose();
  });

  test('rejects unknown names and non-positive sizes before allocating', () => {
    const before = tf.memory().numTensors;
    const options = { ...BASE_OPTIONS, activation: 'relu', seed: 1 } as const;
    expect(() => createModel('vgg' as ModelName, options)).toThrowError(/Unknown model 'vgg'/);
    expect(() => createModel('resnet-tiny', { ...options, numClasses: 0 })).toThrowError(
      /numClasses/,
    );
    expect(() => createModel('small-cnn', { ...options, imageSize: 2.5 })).toThrowError(
      /imageSize/,
    );
    expect(tf.memory().numTensors).toBe(before);
  });
});
