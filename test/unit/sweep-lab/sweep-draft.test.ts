// The sweep form: typed values, ranges, seeds and workers read into a spec, every problem named
// by its part, and the spec a link carries.
import { describe, expect, test } from 'vitest';
import { defaultRecipe } from '../../../src/settings/schema';
import {
  checkDraft,
  defaultDraft,
  draftFromSpec,
  draftWithKnob,
  linkSpec,
  type SweepDraft,
} from '../../../src/store/sweep/sweep-draft';

const recipe = defaultRecipe();
const draft = (patch: Partial<SweepDraft> = {}): SweepDraft => ({ ...defaultDraft(), ...patch });
const parts = (d: SweepDraft) => checkDraft(d, recipe).problems.map((p) => p.part);

describe('sweep draft', () => {
  test('the default draft is a valid learning-rate sweep', () => {
    const check = checkDraft(defaultDraft(), recipe);
    expect(check.problems).toEqual([]);
    expect(check.spec).toEqual({
      knob: 'learningRate',
      values: [0.001, 0.003, 0.01],
      seeds: 3,
      metric: 'test-acc',
    });
    expect(check.workers).toBeNull();
  });

  test('a list is split on commas and spaces; a bad value is named under values', () => {
    expect(checkDraft(draft({ valuesText: '0.1 0.2;0.3,' }), recipe).spec.values).toEqual([
      0.1, 0.2, 0.3,
    ]);
    const check = checkDraft(draft({ valuesText: '0.1, abc, 20' }), recipe);
    expect(check.spec.values).toEqual([0.1]);
    expect(check.problems.map((p) => p.part)).toEqual(['values', 'values']);
    expect(check.problems[0]!.message).toMatch(/^Values: Learning rate: "abc" is not a number/);
  });

  test('an empty list asks for a value; a list of bad values does not ask twice', () => {
    expect(checkDraft(draft({ valuesText: ' ' }), recipe).problems).toEqual([
      { part: 'values', message: 'Values: give at least one value.' },
    ]);
    expect(parts(draft({ valuesText: 'abc' }))).toEqual(['values']);
  });

  test('a range gives evenly spaced values, or says why not', () => {
    const range = { spacing: 'log' as const, from: '0.001', to: '0.1', points: '3' };
    expect(checkDraft(draft({ mode: 'range', range }), recipe).spec.values).toEqual([
      0.001, 0.01, 0.1,
    ]);
    const bad = checkDraft(draft({ mode: 'range', range: { ...range, to: 'x' } }), recipe);
    expect(bad.problems).toEqual([
      { part: 'values', message: 'Values: the range needs numbers for from, to and points.' },
    ]);
    const empty = checkDraft(draft({ mode: 'range', range: { ...range, to: '0.001' } }), recipe);
    expect(empty.problems[0]!.message).toMatch(/^Values: Learning rate: the range is empty/);
  });

  test('more than 64 runs is a runs problem; seeds and workers are checked', () => {
    const values = Array.from({ length: 30 }, (_, i) => `${i + 1}e-4`).join(',');
    const many = checkDraft(draft({ valuesText: values }), recipe);
    expect(many.problems).toEqual([
      { part: 'runs', message: 'Runs: 30 values × 3 seeds = 90 runs; at most 64.' },
    ]);
    expect(parts(draft({ seeds: '11' }))).toEqual(['seeds']);
    expect(parts(draft({ seeds: 'two' }))).toEqual(['seeds']);
    expect(checkDraft(draft({ workers: '3' }), recipe).workers).toBe(3);
    expect(checkDraft(draft({ workers: '9' }), recipe).workersProblem).toMatch(/^Workers: /);
  });

  test('the seed cannot be a knob', () => {
    expect(parts(draft({ knob: 'seed', valuesText: '1, 2' }))).toEqual(['knob']);
  });

  test('a new knob brings its default metric and values from recipe A', () => {
    const kure = draftWithKnob(defaultDraft(), 'kureWeight', recipe);
    expect(kure).toMatchObject({ knob: 'kureWeight', metric: 'ptq-w3', valuesText: '1' });
    const granularity = draftWithKnob(draft({ mode: 'range' }), 'ptqGranularity', recipe);
    expect(granularity).toMatchObject({ mode: 'list', valuesText: 'per-channel, per-tensor' });
  });

  test('the link carries the readable values; a spec fills the form back', () => {
    expect(linkSpec(draft({ valuesText: 'abc' }))).toBeNull();
    const spec = linkSpec(draft({ valuesText: '0.1, abc', seeds: 'x' }))!;
    expect(spec).toEqual({ knob: 'learningRate', values: [0.1], seeds: 3, metric: 'test-acc' });
    const back = draftFromSpec({ ...spec, values: [0.1, 0.2], seeds: 2 }, draft({ workers: '2' }));
    expect(back).toMatchObject({ valuesText: '0.1, 0.2', seeds: '2', workers: '2', mode: 'list' });
  });
});
