// Re-quantizing trained weights with another quantizer (settings/ptq-quantizer.ts): through the
// engine's 'ptq' command, and on fixed weights with one wide channel through the sweep itself.
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { disposeSplit, uploadDataset, type DeviceSplit } from '../../src/engine/data/device-data';
import type { Engine } from '../../src/engine/engine';
import type { Model } from '../../src/engine/models/model';
import { createModel } from '../../src/engine/models/registry';
import type { EngineEvent } from '../../src/engine/protocol';
import { evaluate } from '../../src/engine/training/evaluate';
import { ptqSweep } from '../../src/engine/training/ptq-sweep';
import { createSession } from '../../src/engine/training/session';
import { ptqQuantizerOf, type PtqQuantizer } from '../../src/settings/ptq-quantizer';
import type { Recipe } from '../../src/settings/schema';
import { nodeEnv, only, recordingEngine, testRecipe } from '../helpers/node-engine';

const RECIPE = testRecipe({
  steps: 40,
  batchSize: 32,
  metricsEvery: 20,
  evalEvery: 1000,
  testExamples: 100,
  seed: 3,
});

/** A hang guard for the hooks that train (the project's test timeout; hooks default to 10 s). */
const HANG_GUARD = 600_000;

type PtqEvent = Extract<EngineEvent, { type: 'ptq' }>;
const at = (sweep: { points: PtqEvent['points'] }, bits: number) =>
  sweep.points.find((p) => p.bits === bits)!.accuracy;

describe("the engine's ptq command with quantizer overrides", () => {
  let engine: Engine;
  let events: EngineEvent[];
  let end: PtqEvent;

  /** The sweep (or refusal) one more ptq command brings. */
  async function sweep(quantizer?: Partial<PtqQuantizer>): Promise<EngineEvent> {
    const before = events.length;
    await engine.handle(quantizer ? { type: 'ptq', quantizer } : { type: 'ptq' });
    const added = events.slice(before);
    expect(added).toHaveLength(1);
    return added[0]!;
  }

  beforeAll(async () => {
    const recorded = recordingEngine();
    ({ engine, events } = recorded);
    const done = recorded.until(['finished', 'failed']);
    await engine.handle({ type: 'start', recipe: RECIPE });
    await done;
    expect(only(events, 'error')).toEqual([]);
    end = only(events, 'ptq').at(-1)!;
  }, HANG_GUARD);
  afterAll(() => engine.destroy());

  test("the end-of-run sweep names the recipe's quantizer; fold on and step x1 reproduce it exactly", async () => {
    expect(end.quantizer).toEqual(ptqQuantizerOf(RECIPE));
    const again = (await sweep({ fold: true, stepScale: 1 })) as PtqEvent;
    expect(again).toEqual(end);
  });

  test('a step 4x the calibrated one lowers W3 accuracy, and the method says so', async () => {
    const scaled = (await sweep({ stepScale: 4 })) as PtqEvent;
    expect(scaled.quantizer).toEqual({ ...end.quantizer, stepScale: 4 });
    expect(scaled.method).toContain('step x4');
    expect(scaled.fpAccuracy).toBe(end.fpAccuracy);
    expect(at(scaled, 3)).toBeLessThan(at(end, 3));
  });

  test('unfolded BN is a different quantizer, named in the method', async () => {
    const unfolded = (await sweep({ fold: false, granularity: 'per-tensor' })) as PtqEvent;
    expect(unfolded.quantizer).toMatchObject({ fold: false, granularity: 'per-tensor' });
    expect(unfolded.method).toMatch(/^per-tensor symmetric.*BN not folded/);
    expect(unfolded.points.map((p) => p.bits)).toEqual(end.points.map((p) => p.bits));
  });

  test('keeping layers at 8 bit is its own quantizer, named in the method and the label', async () => {
    const mixed = (await sweep({ keep8: ['conv1'] })) as PtqEvent;
    expect(mixed.quantizer).toEqual({ ...end.quantizer, keep8: ['conv1'] });
    expect(mixed.method).toContain('conv1 kept at 8 bit');
    // Every layer at W8 either way: the kept layer changes nothing there.
    expect(at(mixed, 8)).toBe(at(end, 8));
  });

  test('per-layer sensitivity: each layer alone at W2 scores below W8, on the asked images', async () => {
    const measure = async (bits: number) => {
      const before = events.length;
      await engine.handle({ type: 'sensitivity', bits, images: 100 });
      const after = events.slice(before);
      // Progress events come first: the timed float pass, then one per layer.
      expect(after.slice(0, -1).every((e) => e.type === 'sensitivity-progress')).toBe(true);
      const event = after.at(-1);
      if (event?.type !== 'layer-sensitivity') throw new Error(`got ${JSON.stringify(event)}`);
      return event;
    };
    const [w2, w8] = [await measure(2), await measure(8)];
    const names = only(events, 'layer-stats')
      .at(-1)!
      .layers.map((l) => l.name);
    expect(w2.layers.map((l) => l.name)).toEqual(names);
    expect(w2).toMatchObject({ bits: 2, images: 100, fpAccuracy: w8.fpAccuracy });
    expect(w2.method).toMatch(/biases FP32$/); // activations float, no 8-bit edges
    w2.layers.forEach((layer, i) => expect(layer.accuracy).toBeLessThan(w8.layers[i]!.accuracy));
  });

  test('bad overrides are rejected without a sweep, and the engine goes on', async () => {
    const refused = await sweep({ stepScale: 40 });
    expect(refused).toMatchObject({ type: 'error', kind: 'rejected' });
    expect(refused.type === 'error' && refused.message).toMatch(/quantizer\.stepScale/);
    expect((await sweep()).type).toBe('ptq');
  });
});

describe('per channel against per tensor on trained weights with one wide channel', () => {
  const WIDEN = 50;
  let data: { train: DeviceSplit; test: DeviceSplit; numClasses: number };
  let model: Model;
  let recipe: Recipe;

  beforeAll(async () => {
    nodeEnv.onBackendActive?.('cpu');
    const raw = await nodeEnv.loadDataset('mnist');
    data = { ...uploadDataset(raw), numClasses: raw.numClasses };
    recipe = { ...RECIPE, ptqRange: 'min-max' };
    model = createModel('small-cnn', {
      activation: 'relu',
      numClasses: raw.numClasses,
      seed: recipe.seed,
      imageSize: raw.rows,
      inChannels: 1,
    });
    const session = await createSession({ model, ...data, recipe });
    for (let i = 0; i < recipe.steps; i++) session.step();
    session.dispose();
  }, HANG_GUARD);
  afterAll(() => {
    model.dispose();
    disposeSplit(data.train);
    disposeSplit(data.test);
  });

  test('widening changes no float prediction; per channel then beats per tensor at W3; no tensor leaks', async () => {
    const fp = await evaluate(model, data.test, data.numClasses, recipe.testExamples);
    widenChannel(model, WIDEN);
    const widened = await evaluate(model, data.test, data.numClasses, recipe.testExamples);
    expect(widened.accuracy).toBeCloseTo(fp.accuracy, 2);
    const sweep = (granularity: PtqQuantizer['granularity']) =>
      ptqSweep(model, data, recipe, ptqQuantizerOf(recipe, { granularity }));
    const tensors = tf.memory().numTensors;
    const [channel, tensor] = [await sweep('per-channel'), await sweep('per-tensor')];
    const scaled = await ptqSweep(
      model,
      data,
      recipe,
      ptqQuantizerOf(recipe, { stepScale: 2, fold: false }),
    );
    expect(scaled).toHaveLength(channel.length);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(at({ points: channel }, 3)).toBeGreaterThan(at({ points: tensor }, 3));
  });
});

/**
 * Make conv2's output channel 0 `k` times wider in the BN-folded kernel without changing the
 * float network: BN gamma and beta of that channel times k (ReLU and max-pool commute with a
 * positive factor), and the dense rows that read that channel divided by k.
 */
function widenChannel(model: Model, k: number): void {
  const [, conv2, dense] = model.layers;
  const bn = conv2!.bn!;
  const channels = bn.gamma.shape[0];
  tf.tidy(() => {
    const scale = tf
      .oneHot(0, channels)
      .mul(k - 1)
      .add(1);
    bn.gamma.assign(bn.gamma.mul(scale));
    bn.beta.assign(bn.beta.mul(scale));
    const rows = dense!.kernel.shape[0]!;
    // Flattened NHWC features: row r reads channel r mod channels.
    const perRow = tf.tile(tf.div(1, scale), [rows / channels]).reshape([rows, 1]);
    dense!.kernel.assign(dense!.kernel.mul(perRow));
  });
}
