import { describe, expect, test } from 'vitest';
import { parseSweepArgs, type SweepArgs } from '../../scripts/lib/sweep-args';
import { findSweepPreset, sweepPresetRecipe } from '../../src/sweep/sweep-presets';

const run = (parsed: SweepArgs) => {
  if (parsed.kind !== 'run') throw new Error(JSON.stringify(parsed));
  return parsed.options;
};
const errors = (parsed: SweepArgs) => (parsed.kind === 'invalid' ? parsed.errors : []);

describe('npm run sweep arguments', () => {
  test('a query, a knob by its link name and typed values; seeds and metric default', () => {
    const options = run(
      parseSweepArgs(['--config', 'kure=on', '--knob', 'kurew', '--values', '0.1, 1']),
    );
    expect(options.recipe).toMatchObject({ kure: 'on', backend: 'cpu' });
    expect(options.spec).toEqual({
      knob: 'kureWeight',
      values: [0.1, 1],
      seeds: 3,
      metric: 'ptq-w3',
    });
    expect(options).toMatchObject({ out: 'sweep.csv', resume: false });
  });

  test('a log range, and the knob by its key', () => {
    const options = run(parseSweepArgs(['--knob', 'learningRate', '--range', 'log:0.001:0.1:3']));
    expect(options.spec.values).toEqual([0.001, 0.01, 0.1]);
    expect(options.spec.metric).toBe('test-acc');
  });

  test('a sweep preset gives recipe and spec; flags override them', () => {
    const preset = findSweepPreset('kure-lambda')!;
    const plain = run(parseSweepArgs(['--config', 'sweep-preset:kure-lambda']));
    expect(plain.spec).toEqual(preset.spec);
    expect(plain.recipe).toEqual({ ...sweepPresetRecipe(preset), backend: 'cpu' });
    expect(plain.notes).toEqual([]);
    const args = ['--config', 'sweep-preset:kure-lambda', '--seeds', '2', '--values', '0.5,1'];
    const over = run(parseSweepArgs([...args, '--metric', 'kurtosis', '--steps', '10']));
    expect(over.spec).toEqual({ ...preset.spec, values: [0.5, 1], seeds: 2, metric: 'kurtosis' });
    expect(over.recipe.steps).toBe(10);
    expect(over.notes).toEqual(['--steps 10 overrides steps 300 from the config']);
  });

  test('every problem is reported, each naming its part', () => {
    expect(errors(parseSweepArgs(['--values', '1']))).toEqual([
      expect.stringMatching(/^Knob: give --knob/),
    ]);
    expect(errors(parseSweepArgs(['--knob', 'lr']))).toEqual([
      expect.stringMatching(/^Values: give --values/),
    ]);
    const both = ['--knob', 'lr', '--values', '1', '--range', 'lin:0:1:2', '--metric', 'x'];
    expect(errors(parseSweepArgs(both))).toEqual([
      expect.stringMatching(/^Values: give --values or --range, not both/),
      expect.stringMatching(/^Metric: "x" is not a sweep metric/),
    ]);
    expect(errors(parseSweepArgs(['--knob', 'lr', '--range', 'cubic:1:2:3']))).toEqual([
      expect.stringMatching(/^Values: --range "cubic:1:2:3" is not lin/),
    ]);
    expect(errors(parseSweepArgs(['--knob', 'lr', '--values', 'fast,0.1']))).toEqual([
      expect.stringMatching(/^Values: .*"fast" is not a number/),
    ]);
    expect(errors(parseSweepArgs(['--knob', 'lr', '--values', '0.1', '--seeds', '11']))).toEqual([
      expect.stringMatching(/^Seeds: 11 is not a whole number/),
    ]);
  });

  test('flags outside the spec: steps, jobs, config', () => {
    const bad = ['--knob', 'lr', '--values', '0.1', '--steps', '0', '--jobs', '0'];
    expect(errors(parseSweepArgs([...bad, '--config', 'sweep-preset:nope']))).toEqual([
      expect.stringMatching(/^--steps: /),
      expect.stringMatching(/^--config sweep-preset:nope: no such sweep preset/),
      expect.stringMatching(/^--jobs: 0 is not a whole number in 1\.\.16/),
    ]);
    expect(parseSweepArgs(['--help'])).toEqual({ kind: 'help' });
    expect(errors(parseSweepArgs(['--bogus']))).toHaveLength(1);
  });
});
