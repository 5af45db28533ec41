// Weights export (issue 7): tfjs io round trip, integer codes on the grid, BN folding as the PTQ
// sweep does it, on the CPU backend.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { modelVariables } from '../../../src/engine/models/copy-weights';
import { BN_EPSILON } from '../../../src/engine/models/layers';
import type { Model, WeightLayer } from '../../../src/engine/models/model';
import { createModel, type ModelName } from '../../../src/engine/models/registry';
import {
  bytesToBase64,
  exportWeights,
  type ExportQuantSettings,
} from '../../../src/engine/export/weights-export';
import {
  exportWeightsCommandSchema,
  weightsEventSchema,
  type QuantizedLayer,
} from '../../../src/engine/export/weights-schema';

const MIN_MAX: ExportQuantSettings = {
  ptqScheme: 'symmetric',
  ptqGranularity: 'per-channel',
  ptqRange: 'min-max',
  firstLast8: 'off',
};

function build(name: ModelName): Model {
  const model = createModel(name, {
    activation: 'relu',
    numClasses: 10,
    seed: 3,
    imageSize: 28,
    inChannels: 1,
  });
  // Trained-looking BN: gamma and variance far from 1, so folding changes the kernels.
  model.layers.forEach((layer, i) => {
    const bn = layer.bn;
    if (!bn) return;
    const c = bn.gamma.shape[0];
    bn.gamma.assign(tf.randomUniform([c], 0.3, 2.5, 'float32', 10 + i));
    bn.beta.assign(tf.randomNormal([c], 0, 0.5, 'float32', 20 + i));
    bn.movingMean.assign(tf.randomNormal([c], 0, 0.5, 'float32', 30 + i));
    bn.movingVariance.assign(tf.randomUniform([c], 0.05, 3, 'float32', 40 + i));
  });
  return model;
}

/**
 * The folded kernel and bias of `layer`, read off tf.batchNorm (an independent oracle): the layer is
 * linear per output channel, so b_f = BN(b) and W_f = BN(W + b) - BN(b), with the kernel's output
 * channels as the last axis (depthwise [kh, kw, C, mult]: channel c = i * mult + m).
 */
function reference(layer: WeightLayer): { kernel: tf.Tensor; bias: tf.Tensor | null } {
  const bn = layer.bn;
  if (!bn) return { kernel: layer.kernel.clone(), bias: layer.bias?.clone() ?? null };
  return tf.tidy(() => {
    const shape = layer.kernel.shape;
    const rows = layer.kind === 'depthwise' ? [shape[0]! * shape[1]!, -1] : [-1, shape.at(-1)!];
    const b = layer.bias ?? tf.zerosLike(bn.movingMean);
    const norm = (y: tf.Tensor) =>
      tf.batchNorm(y, bn.movingMean, bn.movingVariance, bn.beta, bn.gamma, BN_EPSILON);
    const bias = norm(b);
    const kernel = tf.sub(norm(tf.add(tf.reshape(layer.kernel, rows), b)), bias);
    return { kernel: tf.reshape(kernel, shape), bias };
  });
}

/** scale * (code - zeroPoint), broadcast in the kernel's shape. */
function dequantize(q: QuantizedLayer): tf.Tensor {
  return tf.tidy(() => {
    const codes = tf.tensor(q.codes, q.shape, 'int32');
    const s = tf.tensor(q.scales, q.scaleShape);
    const z = tf.tensor(q.zeroPoints, q.scaleShape, 'int32');
    return tf.mul(s, tf.cast(tf.sub(codes, z), 'float32'));
  });
}

function base64ToBytes(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}

describe.each(['small-cnn', 'mobilenet-tiny'] as const)('exportWeights on %s', (name) => {
  let model: Model;
  beforeAll(() => {
    model = build(name);
  });
  afterAll(() => model.dispose());

  test('is a valid weights event and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const event = await exportWeights(model, MIN_MAX, 4, 12);
    expect(tf.memory().numTensors).toBe(before);
    expect(weightsEventSchema.parse(event)).toEqual(event);
    expect(event).toMatchObject({ type: 'weights', step: 12, bits: 4, model: model.name });
    expect(event.quantized.layers.map((l) => l.name)).toEqual(model.layers.map((l) => l.name));
  });

  test('FP weights decode with tf.io back to every variable, bit for bit', async () => {
    const event = await exportWeights(model, MIN_MAX, 4, 0);
    const bytes = base64ToBytes(event.fp32.weightData);
    const decoded = tf.io.decodeWeights(bytes.buffer as ArrayBuffer, event.fp32.weightSpecs);
    const variables = modelVariables(model);
    expect(Object.keys(decoded)).toHaveLength(variables.length);
    event.fp32.weightSpecs.forEach((spec, i) => {
      expect(Array.from(decoded[spec.name]!.dataSync())).toEqual(
        Array.from(variables[i]!.dataSync()),
      );
    });
    expect(event.fp32.weightSpecs[0]!.name).toBe(`${model.layers[0]!.name}/kernel`);
    tf.dispose(Object.values(decoded));
  });

  test.each([2, 4, 8])(
    'W%i codes lie in [n, p] and dequantize to the folded kernel within s/2',
    async (bits) => {
      const event = await exportWeights(model, MIN_MAX, bits, 0);
      event.quantized.layers.forEach((q, i) => {
        expect(q.bits).toBe(bits);
        expect(q.codes).toHaveLength(q.shape.reduce((a, b) => a * b, 1));
        expect(Math.min(...q.codes)).toBeGreaterThanOrEqual(q.n);
        expect(Math.max(...q.codes)).toBeLessThanOrEqual(q.p);
        const ref = reference(model.layers[i]!);
        // Per element: |x_hat - W_f| <= s/2 (plus float32 slack); min-max clips nothing.
        const excess = tf.tidy(() => {
          const s = tf.broadcastTo(tf.tensor(q.scales, q.scaleShape), q.shape);
          const gap = tf.abs(tf.sub(dequantize(q), ref.kernel));
          return tf.max(tf.sub(gap, tf.mul(s, 0.5 + 1e-4))).dataSync()[0]!;
        });
        expect(excess).toBeLessThanOrEqual(0);
        if (ref.bias) {
          const expected = Array.from(ref.bias.dataSync());
          q.bias!.forEach((b, k) => expect(b).toBeCloseTo(expected[k]!, 5));
        } else {
          expect(q.bias).toBeNull();
        }
        tf.dispose([ref.kernel, ref.bias ?? []].flat());
      });
    },
  );
});

describe('exportWeights options', () => {
  test('asymmetric per-tensor: one scale, an integer zero point on the unsigned grid', async () => {
    const model = build('small-cnn');
    const recipe: ExportQuantSettings = {
      ptqScheme: 'asymmetric',
      ptqGranularity: 'per-tensor',
      ptqRange: 'mse',
      firstLast8: 'off',
    };
    const event = await exportWeights(model, recipe, 3, 0);
    for (const q of event.quantized.layers) {
      expect(q).toMatchObject({ n: 0, p: 7 });
      expect(q.scales).toHaveLength(1);
      expect(q.zeroPoints[0]).toBeGreaterThanOrEqual(0);
      expect(q.zeroPoints[0]).toBeLessThanOrEqual(7);
      expect(Math.min(...q.codes)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...q.codes)).toBeLessThanOrEqual(7);
    }
    expect(event.quantized.method).toMatch(/^W3 per-tensor asymmetric, MSE/);
    model.dispose();
  });

  test('first and last layer stay at 8 bit when firstLast8 is on', async () => {
    const model = build('small-cnn');
    const event = await exportWeights(model, { ...MIN_MAX, firstLast8: 'on' }, 2, 0);
    expect(event.quantized.layers.map((l) => l.bits)).toEqual([8, 2, 8]);
    expect(event.quantized.layers[1]).toMatchObject({ n: -2, p: 1 });
    model.dispose();
  });

  test('a bit width outside 2..8 is refused, by the command schema and by the exporter', async () => {
    const model = build('small-cnn');
    await expect(exportWeights(model, MIN_MAX, 9, 0)).rejects.toThrow(/bits/);
    expect(exportWeightsCommandSchema.safeParse({ type: 'export-weights', bits: 1 }).success).toBe(
      false,
    );
    expect(exportWeightsCommandSchema.parse({ type: 'export-weights', bits: 4 })).toEqual({
      type: 'export-weights',
      bits: 4,
    });
    model.dispose();
  });

  test('bytesToBase64 matches Node for buffers longer than one chunk', () => {
    const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);
    expect(bytesToBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
    expect(bytesToBase64(new Uint8Array(0))).toBe('');
  });
});
