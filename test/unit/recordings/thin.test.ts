import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../../src/engine/protocol';
import { PRESETS, presetRecipe } from '../../../src/settings/presets';
import { replayRun } from '../../../src/store/history/run-record';
import {
  MAX_HISTOGRAMS,
  MAX_POINTS,
  roundNumbers,
  thinEvents,
  thinRule,
} from '../../../src/store/recordings/thin';
import { SYNTHETIC_RECIPE, syntheticEvents } from './synthetic-run';

const rule = thinRule(SYNTHETIC_RECIPE);
const full = syntheticEvents();
const thinned = thinEvents(full, rule);
/** The run step of an event that has one. */
const stepOf = (e: EngineEvent): number | undefined => ('step' in e ? e.step : undefined);
const stepsOf = (events: readonly EngineEvent[], type: EngineEvent['type']) =>
  events.flatMap((e) => {
    const step = stepOf(e);
    return e.type === type && step !== undefined ? [step] : [];
  });

describe('thinRule', () => {
  test('strides are multiples of the cadence, from the full run length', () => {
    expect(rule).toEqual({
      metricsStride: 30,
      testStride: 100,
      histogramStride: 300,
      traceAfter: 2605,
      digits: 4,
    });
  });

  test('every preset keeps at most the cap per series', () => {
    for (const preset of PRESETS) {
      const recipe = presetRecipe(preset);
      const r = thinRule(recipe);
      const total = recipe.pretrainSteps + recipe.steps;
      expect(r.metricsStride % recipe.metricsEvery).toBe(0);
      expect(Math.floor(total / r.metricsStride)).toBeLessThanOrEqual(MAX_POINTS);
      expect(Math.floor(total / r.histogramStride)).toBeLessThanOrEqual(MAX_HISTOGRAMS);
    }
  });
});

describe('thinEvents', () => {
  test('keeps every phase, backend, dataset, ptq and bn-reestimated event, in order', () => {
    const special = (events: readonly EngineEvent[]) =>
      events.filter((e) =>
        ['phase', 'backend', 'dataset', 'ptq', 'bn-reestimated'].includes(e.type),
      );
    expect(special(thinned).map((e) => e.type)).toEqual(special(full).map((e) => e.type));
    expect(thinned[0]?.type).toBe('phase');
    expect(thinned.at(-1)).toEqual({ type: 'phase', phase: 'finished', message: 'Done' });
  });

  test('keeps a cadence series on its stride plus its first and last event', () => {
    const train = stepsOf(thinned, 'train-metrics');
    expect(train[0]).toBe(30);
    expect(train.at(-1)).toBe(3005);
    expect(train.slice(0, -1).every((s) => s % 30 === 0)).toBe(true);
    expect(train.length).toBeLessThanOrEqual(MAX_POINTS + 1);
    expect(stepsOf(thinned, 'layer-stats')).toEqual(train);
    expect(stepsOf(thinned, 'technique-metrics')).toEqual(train);
    const tests = stepsOf(thinned, 'test-metrics');
    expect(tests[0]).toBe(0);
    expect(tests.at(-1)).toBe(3005);
    expect(stepsOf(thinned, 'histogram')).toEqual([
      ...Array.from({ length: 11 }, (_, i) => 300 * i),
      3005,
    ]);
  });

  test('keeps the weight trace the raster shows at the end, and little before', () => {
    const rows = thinned.flatMap((e) => (e.type === 'weight-trace' ? e.steps : []));
    expect(rows[0]).toBe(2601); // the chunk that holds step 2606
    expect(rows.at(-1)).toBe(3005);
    const replay = (events: EngineEvent[]) => replayRun({ recipe: SYNTHETIC_RECIPE, events });
    expect(replay(thinned).weightTrace).toEqual(replay(full).weightTrace);
  });

  test('drops events that are not run events (a weights download)', () => {
    const weights = { type: 'weights' } as unknown as EngineEvent;
    expect(thinEvents([weights, ...full], rule)).toEqual(thinned);
  });

  test('a prefix thins to the full recording up to the prefix end', () => {
    const end = 400;
    const before = (events: readonly EngineEvent[]) =>
      events.filter((e) => (stepOf(e) ?? Infinity) < end);
    expect(before(thinEvents(syntheticEvents(end), rule))).toEqual(before(thinned));
  });
});

describe('roundNumbers', () => {
  test('rounds non-integers to 4 significant digits and leaves integers and text', () => {
    expect(roundNumbers({ a: 0.123456, b: [31578344, 1234.5678], c: 'x', d: null }, 4)).toEqual({
      a: 0.1235,
      b: [31578344, 1235],
      c: 'x',
      d: null,
    });
    expect(roundNumbers(1.5e-7 + 1e-12, 4)).toBe(1.5e-7);
  });

  test('rounds the thinned events', () => {
    const first = thinned.find((e) => e.type === 'train-metrics');
    expect(first).toMatchObject({ loss: 0.1557, stepsPerSecond: 12.35 });
  });
});
