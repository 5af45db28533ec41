import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../src/engine/protocol';
import type { Recipe } from '../../src/settings/schema';
import { BIT_WIDTHS } from '../../src/core/quant/bits';
import { QUICK_TEST_IMAGES } from '../../src/settings/test-images';
import { testRecipe, only, recordingEngine, trainToEnd } from '../helpers/node-engine';

/** Train a fresh engine to the end of `overrides.steps` and return its events. */
async function train(overrides: Partial<Recipe>): Promise<EngineEvent[]> {
  const base: Partial<Recipe> = {
    batchSize: 32,
    metricsEvery: 10,
    evalEvery: 1000,
    testExamples: 500,
    seed: 5,
    ptqRange: 'min-max',
  };
  const events = await trainToEnd(testRecipe({ ...base, ...overrides }));
  expect(only(events, 'error')).toEqual([]);
  return events;
}

const finalStats = (events: EngineEvent[]) => only(events, 'layer-stats').at(-1)!.layers;

describe('techniques change what the papers say they change', () => {
  test('KURE moves the regularised layer kurtosis toward its target, and reports its term', async () => {
    const steps = 80;
    const off = await train({ steps });
    const on = await train({ steps, kure: 'on', kureWeight: 1, kureTarget: 1.8 });
    // Small CNN: KURE regularises every conv but the first, i.e. conv2 (methods.md 3.2).
    const gap = (events: EngineEvent[]) =>
      Math.abs(finalStats(events).find((l) => l.name === 'conv2')!.kurtosis - 1.8);
    expect(gap(on)).toBeLessThan(gap(off));
    const terms = only(on, 'train-metrics').at(-1)!.terms;
    expect(Object.keys(terms)).toEqual(['task', 'kure']);
    expect(terms.kure).toBeGreaterThanOrEqual(0);
  });

  test('R2 L-inf lowers max|w|/std of the kernels', async () => {
    const steps = 80;
    const ratio = (events: EngineEvent[]) => {
      const layers = finalStats(events);
      return layers.reduce((sum, l) => sum + l.maxAbs / l.std, 0) / layers.length;
    };
    const off = await train({ steps });
    const on = await train({ steps, r2: 'linf', r2Weight: 1 });
    expect(ratio(on)).toBeLessThan(ratio(off));
    expect(Object.keys(only(on, 'train-metrics').at(-1)!.terms)).toEqual(['task', 'r2']);
  });

  test('Margin and Soft-min-max R2 train their own variables without breaking training', async () => {
    for (const r2 of ['margin', 'soft-min-max'] as const) {
      const events = await train({ steps: 20, r2, r2Weight: 0.1 });
      const metrics = only(events, 'train-metrics');
      expect(metrics.at(-1)!.loss).toBeLessThan(metrics[0]!.loss);
      expect(Number.isFinite(metrics.at(-1)!.terms.r2!)).toBe(true);
    }
  });

  test('PTQ sweep at the end: W8 close to FP, and fewer bits never help', async () => {
    const events = await train({ steps: 100, ptqRange: 'min-max' });
    const ptq = only(events, 'ptq');
    expect(ptq).toHaveLength(1);
    const { fpAccuracy, points, step, method } = ptq[0]!;
    expect(step).toBe(100);
    expect(method).toMatch(/BN folded/);
    expect(points.map((p) => p.label)).toEqual([
      'W2A32',
      'W3A32',
      'W4A32',
      'W5A32',
      'W6A32',
      'W7A32',
      'W8A32',
    ]);
    const acc = (bits: number) => points.find((p) => p.bits === bits)!.accuracy;
    // One test image is 0.2 % of 500: allow two flips of noise.
    expect(Math.abs(acc(8) - fpAccuracy)).toBeLessThanOrEqual(0.01);
    expect(acc(2)).toBeLessThanOrEqual(acc(4) + 0.004);
    expect(acc(4)).toBeLessThanOrEqual(acc(8) + 0.004);
  });

  test('sweeps on the ptqEvery cadence use the first 500 test images, the end-of-run sweep all', async () => {
    const events = await train({ steps: 20, ptqEvery: 10, testExamples: 1000, evalEvery: 10 });
    const [during, end] = only(events, 'ptq');
    expect([during!.step, during!.images, end!.step, end!.images]).toEqual([
      10,
      QUICK_TEST_IMAGES,
      20,
      1000,
    ]);
    // Float accuracy on the same images as the sweep: whole images of 500, and at the end the
    // step's own test evaluation (all 1000).
    expect(during!.fpAccuracy * 500).toBeCloseTo(Math.round(during!.fpAccuracy * 500), 6);
    const tests = only(events, 'test-metrics');
    expect(end!.fpAccuracy).toBe(tests.find((t) => t.step === 20)!.testAccuracy);
    expect(only(events, 'ptq')).toHaveLength(2);
  });

  test('PTQ with layer inputs quantized: labelled W<b>A<b_a>; A8 costs little, A4 never helps', async () => {
    const sweep = async (ptqActBits: Recipe['ptqActBits']) => {
      const [ptq] = only(await train({ steps: 100, ptqRange: 'min-max', ptqActBits }), 'ptq');
      return ptq!;
    };
    const [a8, a4] = [await sweep('8'), await sweep('4')];
    expect(a8.points.map((p) => p.label)).toEqual(BIT_WIDTHS.map((b) => `W${b}A8`));
    expect(a4.points.map((p) => p.label)).toEqual(BIT_WIDTHS.map((b) => `W${b}A4`));
    expect(a8.method).toMatch(/layer inputs at 8 bit/);
    // Same seed, same weights: the float accuracy is shared, only the activation width differs.
    expect(a4.fpAccuracy).toBe(a8.fpAccuracy);
    const acc = (run: typeof a8, bits: number) => run.points.find((p) => p.bits === bits)!.accuracy;
    expect(Math.abs(acc(a8, 8) - a8.fpAccuracy)).toBeLessThanOrEqual(0.01);
    expect(acc(a4, 8)).toBeLessThanOrEqual(acc(a8, 8) + 0.004);
  });

  test('tensor count stays flat with every technique on at once (R2, KURE, LSQ+ W3A4, dampening, freezing)', async () => {
    const { engine } = recordingEngine();
    const cfg = testRecipe({
      batchSize: 8,
      metricsEvery: 3,
      evalEvery: 10,
      ptqEvery: 10,
      ptqRange: 'min-max',
      ptqActBits: '6',
      testExamples: 100,
      r2: 'margin',
      kure: 'on',
      qat: 'lsq+',
      wBits: 3,
      aBits: '4',
      dampening: 1,
      freezing: 'on',
      freezeThreshold: 0.001,
      warmupSteps: 2,
      lrSchedule: 'cosine',
    });
    // Past freezing's start (0.25 T of 40 steps), so its EMA of the integers already exists.
    const warm = { ...cfg, steps: 40 };
    for (let i = 0; i < 12; i++) await engine.handle({ type: 'step', recipe: warm });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 24; i++) await engine.handle({ type: 'step', recipe: warm });
    expect(tf.memory().numTensors).toBe(before);
    await engine.destroy();
  });
});

describe('weight histogram on the grid', () => {
  test('streams the chosen layer on the chosen grid; every weight is counted once', async () => {
    const events = await train({
      steps: 10,
      histLayer: 1,
      histBits: 3,
      ptqGranularity: 'per-tensor',
    });
    const h = only(events, 'histogram').at(-1)!;
    // Small CNN layer 1 = conv2, kernel 3x3x8x16 = 1152 weights; 3-bit signed-full grid [-4, 3].
    expect(h).toMatchObject({ layer: 'conv2', bits: 3, n: -4, p: 3 });
    expect(h.latentCounts).toHaveLength(8);
    expect(h.quantizedCounts.reduce((a, b) => a + b, 0)).toBe(1152);
    expect(h.scale).toBeGreaterThan(0);
    expect(h.grid).toBe('ptq');
    expect(h.zeroPoint).toBe(0); // symmetric

    const asym = only(
      await train({
        steps: 10,
        histLayer: 1,
        histBits: 3,
        ptqGranularity: 'per-tensor',
        ptqScheme: 'asymmetric',
      }),
      'histogram',
    ).at(-1)!;
    // Asymmetric 3-bit grid [0, 7]: the level of weight 0 lies inside it, and is a whole number.
    expect(asym).toMatchObject({ n: 0, p: 7 });
    expect(Number.isInteger(asym.zeroPoint)).toBe(true);
    expect(asym.zeroPoint).toBeGreaterThan(0);
    expect(asym.zeroPoint).toBeLessThan(7);
  });

  test('under QAT it shows the layer on its learned grid (its bits and step), not the PTQ one', async () => {
    const events = await train({ steps: 6, histLayer: 1, histBits: 6, qat: 'lsq', wBits: 3 });
    const h = only(events, 'histogram').at(-1)!;
    const learned = only(events, 'technique-metrics')
      .filter((e) => e.technique === 'qat')
      .at(-1)!;
    expect(h).toMatchObject({ layer: 'conv2', bits: 3, n: -4, p: 3, grid: 'learned' });
    expect(h.scale).toBeCloseTo(learned.layers[1]!.values.weightStep!, 6);
    expect(h.quantizedCounts.reduce((a, b) => a + b, 0)).toBe(1152);
  });

  test('a layer index the model does not have is refused before training, naming the layers', async () => {
    const { engine, events } = recordingEngine();
    await engine.handle({ type: 'start', recipe: testRecipe({ histLayer: 7 }) });
    const error = only(events, 'error')[0]!;
    expect(error.kind).toBe('rejected');
    expect(error.message).toMatch(
      /layer 7 does not exist: Small CNN has layers 0 conv1, 1 conv2, 2 dense/,
    );
    expect(only(events, 'train-metrics')).toEqual([]);
    await engine.destroy();
  });
});
