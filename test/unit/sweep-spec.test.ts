import { describe, expect, test } from 'vitest';
import { SETTINGS, SETTING_KEYS, defaultRecipe, type SettingKey } from '../../src/settings/schema';
import {
  defaultSweepMetric,
  isSweepable,
  linearRange,
  logRange,
  parseKnobValue,
  sweepProblems,
  sweepSpecProblems,
  sweepSpecSchema,
  sweepableKnobs,
  type SweepProblem,
} from '../../src/sweep/sweep-spec';
import { SWEEP_METRIC_IDS, type SweepSpec } from '../../src/sweep/sweep-types';

const spec = (over: Partial<SweepSpec> = {}): SweepSpec => ({
  knob: 'learningRate',
  values: [0.001, 0.01],
  seeds: 3,
  metric: 'test-acc',
  ...over,
});
const parts = (problems: SweepProblem[]) => problems.map((p) => p.part);

describe('sweepable knobs', () => {
  test('every setting but the seed, in table order', () => {
    expect(isSweepable('seed')).toBe(false);
    expect(isSweepable('kureWeight')).toBe(true);
    expect(isSweepable('ptqGranularity')).toBe(true);
    expect(sweepableKnobs()).toEqual(SETTING_KEYS.filter((k) => k !== 'seed'));
    expect(isSweepable('__proto__' as SettingKey)).toBe(false);
  });
});

describe('parseKnobValue', () => {
  test('numbers are read as links spell them and checked against the knob range', () => {
    expect(parseKnobValue('learningRate', ' 1e-3 ')).toEqual({ value: 0.001 });
    expect(parseKnobValue('kureWeight', '0')).toEqual({ value: 0 });
    expect(parseKnobValue('kureWeight', '10')).toEqual({ value: 10 });
    expect(parseKnobValue('kureWeight', '-0')).toEqual({ value: 0 });
    expect(Object.is((parseKnobValue('kureWeight', '-0') as { value: number }).value, 0)).toBe(
      true,
    );
    expect(parseKnobValue('wBits', '2')).toEqual({ value: 2 });
    expect(parseKnobValue('freezeThreshold', '0.001')).toEqual({ value: 0.001 });
  });

  test('out of range, fractional whole numbers and text are problems, never clamped', () => {
    const problem = (key: SettingKey, raw: string) =>
      (parseKnobValue(key, raw) as { problem: string }).problem;
    expect(problem('kureWeight', '10.5')).toMatch(/^KURE weight λ: 10.5 is out of range/);
    expect(problem('learningRate', '0')).toMatch(/out of range/);
    expect(problem('wBits', '1')).toMatch(/out of range \(allowed: 2..8, whole numbers\)/);
    expect(problem('wBits', '3.5')).toMatch(/not a whole number/);
    expect(problem('batchSize', 'abc')).toBe(
      'Batch size: "abc" is not a number (1..512, whole numbers).',
    );
    expect(problem('batchSize', '')).toMatch(/is not a number/);
    expect(problem('learningRate', 'Infinity')).toMatch(/not a number/);
  });

  test('enum values must be one of the options; long text is echoed clipped', () => {
    expect(parseKnobValue('ptqGranularity', 'per-tensor')).toEqual({ value: 'per-tensor' });
    expect(parseKnobValue('qat', 'lsq+')).toEqual({ value: 'lsq+' });
    const { problem } = parseKnobValue('qat', 'x'.repeat(5000)) as { problem: string };
    expect(problem).toMatch(/is not one of off, lsq, lsq\+/);
    expect(problem.length).toBeLessThan(120);
  });
});

describe('linear and log ranges', () => {
  test('linear: evenly spaced, endpoints exact, tidy interior points', () => {
    expect(linearRange('kureWeight', 0, 1, 5)).toEqual({ values: [0, 0.25, 0.5, 0.75, 1] });
    expect(linearRange('kureWeight', 0, 0.3, 4)).toEqual({ values: [0, 0.1, 0.2, 0.3] });
    expect(linearRange('kureWeight', 1, 0, 3)).toEqual({ values: [1, 0.5, 0] });
  });

  test('integer specs are rounded and duplicates removed', () => {
    expect(linearRange('wBits', 2, 8, 4)).toEqual({ values: [2, 4, 6, 8] });
    expect(linearRange('wBits', 2, 4, 6)).toEqual({ values: [2, 3, 4] });
    expect(logRange('batchSize', 1, 512, 10)).toEqual({
      values: [1, 2, 4, 8, 16, 32, 64, 128, 256, 512],
    });
    expect(logRange('batchSize', 1, 4, 8)).toEqual({ values: [1, 2, 3, 4] });
  });

  test('log: geometric steps, from and to above 0', () => {
    expect(logRange('learningRate', 1e-4, 1e-1, 4)).toEqual({
      values: [0.0001, 0.001, 0.01, 0.1],
    });
    expect(logRange('kureWeight', 0.01, 1, 3)).toEqual({ values: [0.01, 0.1, 1] });
    expect(logRange('kureWeight', 0, 1, 3)).toEqual({
      problem: 'KURE weight λ: a log range needs from and to above 0.',
    });
  });

  test('bad ranges are problems', () => {
    const problem = (r: ReturnType<typeof linearRange>) => 'problem' in r && r.problem;
    expect(problem(linearRange('kureWeight', 0, 1, 1))).toMatch(/whole number in 2..64, not 1/);
    expect(problem(linearRange('kureWeight', 0, 1, 65))).toMatch(/2..64/);
    expect(problem(linearRange('kureWeight', 0, 1, 2.5))).toMatch(/2..64/);
    expect(problem(linearRange('kureWeight', 0, 11, 3))).toMatch(/11 is out of range/);
    expect(problem(linearRange('wBits', 2.5, 8, 3))).toMatch(/not a whole number/);
    expect(problem(linearRange('kureWeight', 1, 1, 3))).toMatch(/range is empty/);
    expect(problem(linearRange('kureWeight', NaN, 1, 3))).toMatch(/out of range/);
    expect(problem(linearRange('qat', 0, 1, 3))).toMatch(/takes options \(off, lsq, lsq\+\)/);
  });
});

describe('sweepProblems', () => {
  const recipe = defaultRecipe();

  test('a valid spec has none', () => {
    expect(sweepProblems(spec(), recipe)).toEqual([]);
    expect(sweepProblems(spec({ knob: 'qat', values: ['off', 'lsq', 'lsq+'] }), recipe)).toEqual(
      [],
    );
  });

  test('knob: the seed or an unknown setting', () => {
    expect(sweepProblems(spec({ knob: 'seed', values: [1, 2] }), recipe)).toEqual([
      { part: 'knob', message: expect.stringMatching(/^Knob: the seed cannot be swept/) },
    ]);
    expect(parts(sweepProblems(spec({ knob: 'nope' as SettingKey }), recipe))).toEqual(['knob']);
  });

  test('values: empty, out of spec (named), listed twice', () => {
    expect(sweepProblems(spec({ values: [] }), recipe)).toEqual([
      { part: 'values', message: 'Values: give at least one value.' },
    ]);
    const bad = sweepProblems(spec({ values: [0.01, 20, 0.01, 'x'] }), recipe);
    expect(parts(bad)).toEqual(['values', 'values', 'values']);
    expect(bad[0]!.message).toMatch(/^Values: Learning rate: 20 is out of range/);
    expect(bad[1]!.message).toBe('Values: 0.01 is listed twice.');
    expect(bad[2]!.message).toMatch(/expected a number/);
    const long = sweepProblems(spec({ knob: 'qat', values: ['y'.repeat(1000)] }), recipe);
    expect(long[0]!.message.length).toBeLessThan(150);
  });

  test('seeds: a whole number in 1..10', () => {
    for (const seeds of [0, 11, 2.5, NaN]) {
      const problems = sweepProblems(spec({ seeds }), recipe);
      expect(parts(problems), String(seeds)).toEqual(['seeds']);
      expect(problems[0]!.message).toMatch(/^Seeds: .* is not a whole number in 1..10\.$/);
    }
  });

  test('metric: must be a sweep metric', () => {
    for (const metric of SWEEP_METRIC_IDS)
      expect(sweepProblems(spec({ metric }), recipe)).toEqual([]);
    const problems = sweepProblems(spec({ metric: 'acc' as SweepSpec['metric'] }), recipe);
    expect(problems).toEqual([{ part: 'metric', message: 'Metric: "acc" is not a sweep metric.' }]);
  });

  test('runs: values × seeds at most 64, with the arithmetic in the message', () => {
    const values = [1, 2, 3, 4, 5].map((v) => v / 100);
    expect(sweepProblems(spec({ values, seeds: 10 }), recipe)).toEqual([]);
    const many = Array.from({ length: 22 }, (_, i) => (i + 1) / 1000);
    expect(sweepProblems(spec({ values: many, seeds: 3 }), recipe)).toEqual([
      { part: 'runs', message: 'Runs: 22 values × 3 seeds = 66 runs; at most 64.' },
    ]);
    const problems = sweepProblems(spec({ values, seeds: 20 }), recipe);
    expect(problems.map((p) => p.message)).toContain(
      'Runs: 5 values × 20 seeds = 100 runs; at most 64.',
    );
  });

  test('runs: a value that makes recipe A unable to train is named with the problem', () => {
    const kure = { ...recipe, kure: 'on' as const };
    const problems = sweepProblems(spec({ knob: 'kureWeight', values: [0, 0.1, 1] }), kure);
    expect(problems).toEqual([
      {
        part: 'runs',
        message: expect.stringMatching(/^Runs: with KURE weight λ = 0: KURE is on with weight 0/),
      },
    ]);
    expect(sweepSpecProblems(spec({ knob: 'kureWeight', values: [0, 0.1, 1] }))).toEqual([]);
    // A's own conflict, shared by every run, is said once.
    const broken = { ...recipe, freezing: 'on' as const };
    const all = sweepProblems(spec(), broken);
    expect(all).toHaveLength(1);
    expect(all[0]!.message).toMatch(/^Runs: no run can train: Weight freezing/);
    // A value that fixes A's conflict clears it for that run.
    const fixes = sweepProblems(spec({ knob: 'qat', values: ['off', 'lsq'] }), broken);
    expect(fixes[0]!.message).toMatch(
      /^Runs: with Quantization-aware training = "off": Weight freezing/,
    );
  });
});

describe('sweepSpecSchema', () => {
  test('accepts a valid spec and rejects each bad part', () => {
    expect(sweepSpecSchema.parse(spec())).toEqual(spec());
    expect(sweepSpecSchema.safeParse(spec({ seeds: 0 })).success).toBe(false);
    expect(sweepSpecSchema.safeParse(spec({ values: [] })).success).toBe(false);
    expect(sweepSpecSchema.safeParse(spec({ knob: 'seed' })).success).toBe(false);
    expect(sweepSpecSchema.safeParse({ ...spec(), knob: 'nope' }).success).toBe(false);
    expect(sweepSpecSchema.safeParse({ ...spec(), metric: 'nope' }).success).toBe(false);
    expect(sweepSpecSchema.safeParse({ ...spec(), values: [{}] }).success).toBe(false);
    expect(sweepSpecSchema.safeParse(null).success).toBe(false);
    const result = sweepSpecSchema.safeParse(spec({ values: [20] }));
    expect(result.error?.issues[0]?.path).toEqual(['values']);
  });
});

describe('defaultSweepMetric', () => {
  test('quantized accuracy for regularizers and the PTQ quantizer, test accuracy otherwise', () => {
    expect(defaultSweepMetric('kureWeight')).toBe('ptq-w3');
    expect(defaultSweepMetric('r2Weight')).toBe('ptq-w3');
    expect(defaultSweepMetric('ptqGranularity')).toBe('ptq-w3');
    expect(defaultSweepMetric('dampening')).toBe('test-acc');
    expect(defaultSweepMetric('wBits')).toBe('test-acc');
    expect(defaultSweepMetric('learningRate')).toBe('test-acc');
    for (const key of SETTING_KEYS) expect(SWEEP_METRIC_IDS).toContain(defaultSweepMetric(key));
    expect(SETTINGS.kureWeight.group).toBe('regularizers');
  });
});

test('a conflict caused by many values names a few of them', () => {
  const freezing = { ...defaultRecipe(), qat: 'lsq' as const, freezing: 'on' as const };
  const values = [0.05, 0.2, 0.3, 0.4, 0.5];
  const problems = sweepProblems(spec({ knob: 'freezeThreshold', values }), freezing);
  expect(problems.map((p) => p.message)).toEqual([
    expect.stringMatching(
      /^Runs: with Freezing threshold, final = 0.2, 0.3, 0.4 and 1 more: The freezing threshold decays/,
    ),
  ]);
});
