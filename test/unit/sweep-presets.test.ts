import { describe, expect, test } from 'vitest';
import { findPreset, presetRecipe } from '../../src/settings/presets';
import { SETTINGS, SETTING_KEYS, type SettingKey } from '../../src/settings/schema';
import { valueProblem } from '../../src/settings/spec-check';
import { recipeProblems } from '../../src/settings/validate-recipe';
import { planSweep } from '../../src/sweep/sweep-plan';
import {
  SWEEP_PRESETS,
  findSweepPreset,
  sweepPresetRecipe,
  type SweepPreset,
} from '../../src/sweep/sweep-presets';
import { sweepProblems } from '../../src/sweep/sweep-spec';

const each = SWEEP_PRESETS.map((p) => [p.id, p] as const);
/** Sweeps allowed past the classroom size (none today). */
const LARGE = new Set<string>();

describe('sweep presets', () => {
  test('at least six, with unique link-safe ids and one-sentence texts', () => {
    expect(SWEEP_PRESETS.length).toBeGreaterThanOrEqual(6);
    const ids = SWEEP_PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of SWEEP_PRESETS) {
      expect(p.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(p.title.length).toBeGreaterThan(0);
      expect(p.lookFor).not.toContain('\n');
      expect(p.lookFor.length).toBeLessThanOrEqual(130);
      expect(p.lookFor.endsWith('.')).toBe(true);
    }
  });

  test.each(each)('%s: its base preset exists and its overrides fit the table', (_id, p) => {
    expect(findPreset(p.preset), p.preset).toBeDefined();
    for (const [key, value] of Object.entries(p.overrides)) {
      expect(SETTING_KEYS, key).toContain(key);
      expect(valueProblem(SETTINGS[key as SettingKey], value), key).toBeNull();
    }
    expect(sweepPresetRecipe(p)).toEqual({
      ...presetRecipe(findPreset(p.preset)!),
      ...p.overrides,
    });
  });

  test.each(each)('%s: recipe A and every run can train, and the spec is valid', (_id, p) => {
    const recipe = sweepPresetRecipe(p);
    expect(recipeProblems(recipe)).toEqual([]);
    expect(sweepProblems(p.spec, recipe)).toEqual([]);
    for (const run of planSweep(recipe, p.spec)) expect(recipeProblems(run.recipe)).toEqual([]);
  });

  test.each(each)('%s: quick enough for a classroom on a CPU', (_id, p) => {
    const recipe = sweepPresetRecipe(p);
    expect(recipe.model).toBe('small-cnn');
    expect(recipe.steps).toBe(300);
    expect(recipe.pretrainSteps).toBeLessThanOrEqual(300);
    expect(p.spec.seeds).toBe(3);
    const maxValues = LARGE.has(p.id) ? 7 : 5;
    expect(p.spec.values.length).toBeLessThanOrEqual(maxValues);
    expect(p.spec.values.length).toBeGreaterThanOrEqual(2);
  });

  test('the teaching sweeps the brief names', () => {
    const sweep = (id: string): SweepPreset => findSweepPreset(id)!;
    expect(sweep('kure-lambda')).toMatchObject({
      preset: 'kure-w4',
      spec: { knob: 'kureWeight', metric: 'ptq-w3' },
    });
    expect(sweep('r2-margin-lambda')).toMatchObject({
      preset: 'r2-margin-w2',
      spec: { knob: 'r2Weight', metric: 'ptq-w2' },
    });
    expect(sweep('r2-margin-lambda').lookFor).toContain('max-std');
    expect(sweep('dampening-lambda').spec).toMatchObject({
      knob: 'dampening',
      values: [0, 0.01, 0.1, 1],
    });
    expect(sweep('dampening-lambda').lookFor).toContain('osc-freq');
    expect(sweepPresetRecipe(sweep('dampening-lambda'))).toMatchObject({
      qat: 'lsq',
      wBits: 3,
      pretrainSteps: 300,
      pretrainLearningRate: 0.003,
      learningRate: 0.0003,
      lrSchedule: 'cosine',
      warmupSteps: 0,
      trackOscillations: 'on',
      oscMomentum: 0.004,
    });
    expect(sweepPresetRecipe(sweep('freezing-threshold'))).toMatchObject({
      qat: 'lsq',
      freezing: 'on',
    });
    expect(sweep('freezing-threshold').spec).toMatchObject({
      knob: 'freezeThreshold',
      metric: 'frozen',
    });
    expect(sweep('ptq-granularity').spec).toMatchObject({
      knob: 'ptqGranularity',
      metric: 'ptq-w4',
    });
    expect(sweep('learning-rate').spec.knob).toBe('learningRate');
    expect(findSweepPreset('nope')).toBeUndefined();
  });

  test('a missing base preset is a table error', () => {
    const broken = { ...SWEEP_PRESETS[0]!, preset: 'nope' };
    expect(() => sweepPresetRecipe(broken)).toThrow(/no base preset nope/);
  });
});
