import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { createModel } from '../../src/engine/models/registry';
import type { EngineEvent } from '../../src/engine/protocol';
import { composeHooks, createTechniques } from '../../src/engine/techniques';
import { isQatTechnique } from '../../src/engine/techniques/qat';
import type { Recipe } from '../../src/settings/schema';
import { testRecipe, recordingEngine, only } from '../helpers/node-engine';

/** W3 LSQ QAT on MobileNet-tiny, from scratch, with a large learning rate so weights flip early. */
const W3: Partial<Recipe> = {
  model: 'mobilenet-tiny',
  qat: 'lsq',
  wBits: 3,
  firstLast8: 'on',
  steps: 100,
  batchSize: 16,
  learningRate: 0.02,
  metricsEvery: 20,
  evalEvery: 1000,
  testExamples: 200,
  seed: 7,
  ptqAtEnd: 'off',
};

async function train(overrides: Partial<Recipe>): Promise<EngineEvent[]> {
  const { engine, events, until } = recordingEngine();
  const done = until(['finished', 'failed']);
  await engine.handle({ type: 'start', recipe: testRecipe({ ...W3, ...overrides }) });
  await done;
  await engine.destroy();
  expect(only(events, 'error')).toEqual([]);
  return events;
}

/** The oscillation reports of a run, in step order. */
const reports = (events: EngineEvent[]) =>
  only(events, 'technique-metrics').filter((e) => e.technique === 'oscillation');

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const endFrequency = (events: EngineEvent[]) =>
  mean(
    reports(events)
      .at(-1)!
      .layers.map((l) => l.values.frequency!),
  );

describe('oscillations in QAT at W3 on MobileNet-tiny', () => {
  test('frequency is measured on every 3-bit layer, and dampening lowers it', async () => {
    const plain = await train({});
    const osc = reports(plain);
    expect(osc.length).toBeGreaterThan(1);
    // firstLast8 (default on) keeps the stem and the classifier at 8 bit: not tracked.
    const names = osc[0]!.layers.map((l) => l.name);
    const model = only(plain, 'layer-stats')[0]!.layers.map((l) => l.name);
    expect(names).toEqual(model.slice(1, -1));
    for (const { layers } of osc) {
      for (const l of layers) {
        expect(Object.keys(l.values)).toEqual(['frequency', 'oscillating', 'frozen', 'events']);
        expect(l.values.events).toBeGreaterThanOrEqual(0);
        expect(Number.isFinite(l.values.frequency)).toBe(true);
        expect(l.values.frozen).toBe(0);
      }
    }
    // Events per weight count since tracking began: they never fall between reads.
    const counts = osc.map((r) => r.layers.map((l) => l.values.events!));
    counts.slice(1).forEach((now, i) => {
      now.forEach((c, j) => expect(c).toBeGreaterThanOrEqual(counts[i]![j]!));
    });
    expect(Math.max(...osc.at(-1)!.layers.map((l) => l.values.frequency!))).toBeGreaterThan(0);
    // No loss term without dampening.
    expect(Object.keys(only(plain, 'train-metrics').at(-1)!.terms)).toEqual(['task']);

    // The raster's trace: every step once, 16 sampled weights of the histogram layer, on its grid.
    const trace = only(plain, 'weight-trace');
    expect(trace.flatMap((c) => c.steps)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(trace.map((c) => c.layer))).toEqual(new Set([model[1]]));
    const values = trace.flatMap((c) => c.values);
    expect(values.every((row) => row.length === 16)).toBe(true);
    const { n, p } = trace[0]!;
    expect(values.flat().every((v) => Number.isInteger(v) && v >= n && v <= p)).toBe(true);

    const damped = await train({ dampening: 5 });
    const terms = only(damped, 'train-metrics').map((m) => m.terms);
    expect(Object.keys(terms.at(-1)!)).toEqual(['task', 'dampening']);
    expect(terms.at(-1)!.dampening).toBeGreaterThan(0);
    expect(endFrequency(damped)).toBeLessThan(endFrequency(plain));
  });

  test('dampening starts at the chosen fraction of the steps', async () => {
    const late = await train({ dampening: 5, oscStart: 0.5, steps: 60, trackOscillations: 'off' });
    const term = only(late, 'train-metrics').map((m) => [m.step, m.terms.dampening!]);
    // Windows of 20 steps: the first (1..20) is all before 0.5 T = 30; the last is all after.
    expect(term[0]).toEqual([20, 0]);
    expect(term.at(-1)![1]).toBeGreaterThan(0);
  });

  test('with freezing the frozen share rises from 0 and never falls', async () => {
    const events = await train({ freezing: 'on', freezeThreshold: 0.001, metricsEvery: 10 });
    const osc = reports(events);
    const frozen = (i: number) => osc[i]!.layers.map((l) => l.values.frozen!);
    // First report at step 10 < 0.25 T: freezing is not active yet.
    expect(frozen(0).every((f) => f === 0)).toBe(true);
    expect(Math.max(...frozen(osc.length - 1))).toBeGreaterThan(0);
    for (let i = 1; i < osc.length; i++) {
      frozen(i).forEach((f, layer) => expect(f).toBeGreaterThanOrEqual(frozen(i - 1)[layer]!));
    }
  });

  test('a frozen weight keeps its quantized value and gets no gradient', async () => {
    const steps = 40;
    const cfg = testRecipe({ ...W3, steps, freezing: 'on', freezeThreshold: 0.001 });
    const model = createModel('mobilenet-tiny', {
      activation: 'relu',
      numClasses: 10,
      seed: 1,
      imageSize: 28,
      inChannels: 1,
    });
    const techniques = createTechniques(model, cfg);
    for (const t of techniques) await t.prepare?.();
    const hooks = composeHooks(techniques)!;
    const quantizers = techniques.find(isQatTechnique)!.weightQuantizers;
    const osc = techniques.find((t) => t.id === 'oscillation')!;
    const q = quantizers[1]!; // first 3-bit layer (depthwise)
    expect(q.bits).toBe(3);
    // Push every latent weight half a step up and down in turn: many integers flip each step.
    for (let step = 1; step <= steps; step++) {
      const shift = step % 2 === 0 ? 0.5 : -0.5;
      tf.tidy(() => q.layer.kernel.assign(tf.add(q.layer.kernel, tf.mul(q.s, shift))));
      osc.afterStep!(step);
    }
    const { n, p } = q.grid;
    const read = () =>
      tf.tidy(() => {
        const u = tf.div(q.layer.kernel, q.s);
        const value = hooks.weight!(q.layer, q.layer.kernel);
        const grad = tf.grad((k: tf.Tensor) => tf.sum(hooks.weight!(q.layer, k)))(q.layer.kernel);
        return [u, value, grad].map((t) => Array.from(t.dataSync()));
      });
    const [u, before, grad] = read() as [number[], number[], number[]];
    // Inside the range, only a frozen weight has a zero straight-through gradient.
    const frozen = u.flatMap((x, i) => (x > n && x < p && grad[i] === 0 ? [i] : []));
    expect(frozen.length).toBeGreaterThan(0);
    // Move every latent weight by 1.5 steps: frozen ones keep their value, free ones move.
    tf.tidy(() => q.layer.kernel.assign(tf.add(q.layer.kernel, tf.mul(q.s, 1.5))));
    const [, after] = read() as [number[], number[]];
    expect(frozen.filter((i) => after[i] !== before[i])).toEqual([]);
    const free = u.flatMap((x, i) => (x > n && x + 2 < p && grad[i] !== 0 ? [i] : []));
    expect(free.length).toBeGreaterThan(0);
    expect(free.filter((i) => after[i] === before[i])).toEqual([]);
    techniques.forEach((t) => t.dispose());
    model.dispose();
  });

  test('tensor count stays flat with tracking, dampening and freezing on', async () => {
    const { engine } = recordingEngine();
    const cfg = testRecipe({
      ...W3,
      steps: 24,
      batchSize: 8,
      metricsEvery: 3,
      evalEvery: 12,
      dampening: 1,
      freezing: 'on',
      freezeThreshold: 0.001,
    });
    // Warm-up past 0.25 T: freezing has started (its EMA of the integers exists from then on).
    for (let i = 0; i < 8; i++) await engine.handle({ type: 'step', recipe: cfg });
    const before = tf.memory().numTensors;
    for (let i = 0; i < 12; i++) await engine.handle({ type: 'step', recipe: cfg });
    expect(tf.memory().numTensors).toBe(before);
    await engine.destroy();
  });
});
