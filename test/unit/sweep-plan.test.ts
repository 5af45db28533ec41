import { describe, expect, test } from 'vitest';
import { SETTINGS, defaultRecipe, type Recipe } from '../../src/settings/schema';
import { decodeRecipe, encodeRecipe } from '../../src/settings/url-codec';
import { baselineIndex, planSweep, sweepSeed } from '../../src/sweep/sweep-plan';
import type { SweepSpec } from '../../src/sweep/sweep-types';

const recipe: Recipe = { ...defaultRecipe(), kure: 'on', kureWeight: 0.1, seed: 7 };
const spec: SweepSpec = { knob: 'kureWeight', values: [0.01, 0.1, 1], seeds: 3, metric: 'ptq-w3' };

describe('planSweep', () => {
  const runs = planSweep(recipe, spec);

  test('one run per (value, seed), one seed of every value first', () => {
    expect(runs).toHaveLength(9);
    expect(runs.map((r) => [r.seedIndex, r.valueIndex])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
      [2, 0],
      [2, 1],
      [2, 2],
    ]);
    expect(runs.map((r) => r.value)).toEqual([0.01, 0.1, 1, 0.01, 0.1, 1, 0.01, 0.1, 1]);
  });

  test('seeds are A’s seed plus the index; each run recipe is A with the knob and seed', () => {
    expect(runs.map((r) => r.seed)).toEqual([7, 7, 7, 8, 8, 8, 9, 9, 9]);
    for (const run of runs) {
      expect(run.recipe).toEqual({ ...recipe, kureWeight: run.value, seed: run.seed });
    }
  });

  test('keys are the recipes’ links: distinct, and decoding one gives its recipe', () => {
    expect(new Set(runs.map((r) => r.key)).size).toBe(runs.length);
    for (const run of runs) {
      expect(run.key).toBe(encodeRecipe(run.recipe));
      expect(decodeRecipe(run.key).recipe).toEqual(run.recipe);
    }
    // The run at A's own value and seed is A, keyed as A.
    expect(runs[1]!.key).toBe(encodeRecipe(recipe));
  });

  test('an enum knob and one seed', () => {
    const enumRuns = planSweep(defaultRecipe(), {
      knob: 'ptqGranularity',
      values: ['per-tensor', 'per-channel'],
      seeds: 1,
      metric: 'ptq-w4',
    });
    expect(enumRuns.map((r) => [r.recipe.ptqGranularity, r.seed])).toEqual([
      ['per-tensor', 1],
      ['per-channel', 1],
    ]);
  });

  test('seeds wrap inside the seed setting’s range', () => {
    const top = { ...recipe, seed: SETTINGS.seed.max - 1 };
    expect([0, 1, 2, 3].map((i) => sweepSeed(top, i))).toEqual([
      SETTINGS.seed.max - 1,
      SETTINGS.seed.max,
      0,
      1,
    ]);
    const seeds = planSweep(top, { ...spec, seeds: 4 }).map((r) => r.seed);
    expect(new Set(seeds).size).toBe(4);
    for (const seed of seeds) expect(seed).toBeLessThanOrEqual(SETTINGS.seed.max);
  });
});

describe('baselineIndex', () => {
  test('the index of A’s own value, else 0', () => {
    expect(baselineIndex(recipe, spec)).toBe(1);
    expect(baselineIndex({ ...recipe, kureWeight: 3 }, spec)).toBe(0);
    expect(baselineIndex(recipe, { ...spec, values: [1, 0.01, 0.1] })).toBe(2);
    const granularity: SweepSpec = {
      ...spec,
      knob: 'ptqGranularity',
      values: ['per-tensor', 'per-channel'],
    };
    expect(baselineIndex(defaultRecipe(), granularity)).toBe(1);
  });
});
