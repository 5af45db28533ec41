// The first/last-layer-at-8-bit rule of the PTQ sweep (methods.md 1.5), checked where it acts: on
// the kernels and layer inputs that reach the forward pass, and on the engine's PTQ results.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { BIT_WIDTHS, bitsForLayer } from '../../src/core/quant/bits';
import type { DeviceSplit } from '../../src/engine/data/device-data';
import type { ForwardHooks, Model, WeightLayer } from '../../src/engine/models/model';
import { createModel } from '../../src/engine/models/registry';
import { ptqSweep } from '../../src/engine/training/ptq-sweep';
import type { Recipe } from '../../src/settings/schema';
import { only, testRecipe, trainToEnd } from '../helpers/node-engine';

const IMAGES = 120;
/** The sweep's narrowest widths: 2-bit kernels, 4-bit layer inputs. */
const W_BITS = BIT_WIDTHS[0]!;
const A_BITS = 4;

/** Most distinct values in one output channel of a kernel (channels are the last axes). */
function levelsPerChannel(kernel: tf.Tensor, layer: WeightLayer): number {
  const [kh, kw] = kernel.shape as number[];
  const rows = layer.kind === 'depthwise' ? [kh! * kw!, -1] : [-1, kernel.shape.at(-1)!];
  const columns = tf.tidy(() => tf.transpose(tf.reshape(kernel, rows)).arraySync() as number[][]);
  return Math.max(...columns.map((column) => new Set(column).size));
}

/** Distinct values of a whole tensor (a layer input is quantized per tensor). */
const levels = (x: tf.Tensor) => new Set(x.dataSync()).size;

/** What one forward pass fed each weight layer: kernel levels per channel, input levels. */
interface PassRecord {
  kernel: number[];
  input: number[];
}

/** `model` with every forward pass's hook outputs recorded, one record per pass. */
function recorded(model: Model): { model: Model; passes: PassRecord[] } {
  const passes: PassRecord[] = [];
  const apply: Model['apply'] = (x, mode, hooks?: ForwardHooks) => {
    const pass: PassRecord = { kernel: [], input: [] };
    passes.push(pass);
    return model.apply(x, mode, {
      weight: (layer, kernel) => {
        const out = hooks?.weight ? hooks.weight(layer, kernel) : kernel;
        pass.kernel[layer.index] = levelsPerChannel(out, layer);
        return out;
      },
      input: (layer, input) => {
        const out = hooks?.input ? hooks.input(layer, input) : input;
        pass.input[layer.index] = levels(out);
        return out;
      },
    });
  };
  return { model: { ...model, apply }, passes };
}

function randomSplit(seed: number): DeviceSplit {
  return {
    count: IMAGES,
    images: tf.randomUniform([IMAGES, 28, 28, 1], 0, 1, 'float32', seed) as tf.Tensor4D,
    labels: tf.cast(tf.randomUniform([IMAGES], 0, 10, 'float32', seed + 1), 'int32') as tf.Tensor1D,
  };
}

describe('PTQ sweep: first and last layer at 8 bit, on the tensors the forward pass uses', () => {
  let model: Model;
  let data: { train: DeviceSplit; test: DeviceSplit; numClasses: number };
  beforeAll(() => {
    const options = {
      activation: 'relu' as const,
      numClasses: 10,
      seed: 4,
      imageSize: 28,
      inChannels: 1,
    };
    model = createModel('small-cnn', options);
    data = { train: randomSplit(1), test: randomSplit(2), numClasses: 10 };
  });
  afterAll(() => {
    model.dispose();
    tf.dispose([data.train.images, data.train.labels, data.test.images, data.test.labels]);
  });

  /** The W2A4 point's passes: its input calibration pass, then its evaluation pass. */
  async function w2Passes(firstLast8: Recipe['firstLast8']): Promise<PassRecord[]> {
    const recipe = testRecipe({
      firstLast8,
      ptqActBits: String(A_BITS) as Recipe['ptqActBits'],
      ptqGranularity: 'per-channel',
      ptqRange: 'min-max',
      testExamples: IMAGES,
    });
    const spy = recorded(model);
    const points = await ptqSweep(spy.model, data, recipe);
    expect(points.map((p) => p.bits)).toEqual(BIT_WIDTHS);
    // Each width: one calibration pass and one evaluation pass (IMAGES fit one chunk).
    expect(spy.passes).toHaveLength(2 * BIT_WIDTHS.length);
    return spy.passes.slice(0, 2);
  }

  test('on: edge kernels and the last layer input on 8-bit grids, the rest at W2 / A4', async () => {
    const count = model.layers.length;
    for (const pass of await w2Passes('on')) {
      model.layers.forEach((layer, i) => {
        const bits = bitsForLayer(layer, count, W_BITS, true);
        expect(pass.kernel[i]).toBeLessThanOrEqual(2 ** bits);
        // A 2-bit grid has 4 levels; an 8-bit one, on 9+ weights per channel, more.
        if (bits === 8) expect(pass.kernel[i]).toBeGreaterThan(2 ** W_BITS);
      });
      const middle = pass.input.slice(1, -1);
      middle.forEach((n) => expect(n).toBeLessThanOrEqual(2 ** A_BITS));
      expect(pass.input.at(-1)).toBeGreaterThan(2 ** A_BITS);
      expect(pass.input.at(-1)).toBeLessThanOrEqual(2 ** 8);
      expect(pass.input[0]).toBeGreaterThan(2 ** 8); // the image stays float
    }
  });

  test('off: every kernel at W2 and every layer input but the image at A4', async () => {
    for (const pass of await w2Passes('off')) {
      pass.kernel.forEach((n) => expect(n).toBeLessThanOrEqual(2 ** W_BITS));
      pass.input.slice(1).forEach((n) => expect(n).toBeLessThanOrEqual(2 ** A_BITS));
    }
  });
});

describe('engine PTQ results with first/last at 8 bit on and off', () => {
  test('W8 is the same either way; W2 is not', async () => {
    const sweep = async (firstLast8: Recipe['firstLast8']) => {
      const recipe = testRecipe({
        steps: 8,
        batchSize: 32,
        metricsEvery: 4,
        evalEvery: 1000,
        testExamples: 150,
        seed: 9,
        ptqRange: 'min-max',
        firstLast8,
      });
      const events = await trainToEnd(recipe);
      expect(only(events, 'error')).toEqual([]);
      return only(events, 'ptq')[0]!.points;
    };
    const [on, off] = [await sweep('on'), await sweep('off')];
    const at = (points: typeof on, bits: number) => points.find((p) => p.bits === bits)!;
    // Same seed, same training: at W8 the rule changes nothing, so the points agree exactly.
    expect(at(on, 8)).toEqual(at(off, 8));
    expect(at(on, 2).loss).not.toBe(at(off, 2).loss);
  });
});
