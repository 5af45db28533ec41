import { describe, expect, test } from 'vitest';
import { MAX_ECHO_CHARS } from '../../src/settings/problem-text';
import {
  SETTINGS,
  defaultRecipe,
  type SettingKey,
  type SettingSpec,
} from '../../src/settings/schema';
import { decodeRecipe, encodeRecipe } from '../../src/settings/url-codec';
import {
  METRIC_PARAM,
  SEEDS_PARAM,
  SWEEP_PARAM,
  decodeSweep,
  encodeSweep,
} from '../../src/sweep/sweep-link';
import { SWEEP_PRESETS, sweepPresetRecipe } from '../../src/sweep/sweep-presets';
import { sweepSpecProblems, sweepableKnobs } from '../../src/sweep/sweep-spec';
import {
  DEFAULT_SWEEP_SEEDS,
  MAX_SWEEP_RUNS,
  SWEEP_METRIC_IDS,
  type KnobValue,
  type SweepSpec,
} from '../../src/sweep/sweep-types';
import { seededRandom } from '../helpers/property';

const recipe = defaultRecipe();
const pick = <T>(rand: () => number, items: readonly T[]): T =>
  items[Math.floor(rand() * items.length)]!;

/** A random value that fits `key`: an option, or a number in range (whole when it must be). */
function randomValue(rand: () => number, key: SettingKey): KnobValue {
  const spec: SettingSpec = SETTINGS[key];
  if (spec.kind === 'enum') return pick(rand, spec.options).value;
  const v = spec.min + rand() ** 3 * (spec.max - spec.min);
  return spec.integer ? Math.round(v) : v;
}

/** A random spec that passes sweepSpecProblems. */
function randomSpec(rand: () => number): SweepSpec {
  const knob = pick(rand, sweepableKnobs());
  const seeds = 1 + Math.floor(rand() * 10);
  const want = 1 + Math.floor(rand() * Math.floor(MAX_SWEEP_RUNS / seeds));
  const values: KnobValue[] = [];
  for (let i = 0; i < want * 3 && values.length < want; i++) {
    const v = randomValue(rand, knob);
    if (!values.includes(v)) values.push(v);
  }
  return { knob, values, seeds, metric: pick(rand, SWEEP_METRIC_IDS) };
}

describe('encodeSweep', () => {
  test('the knob by its link name, values comma-separated, then seeds and metric', () => {
    const spec: SweepSpec = {
      knob: 'kureWeight',
      values: [0, 0.01, 0.1, 1],
      seeds: 3,
      metric: 'ptq-w3',
    };
    expect(encodeSweep(spec)).toBe('sweep=kurew:0,0.01,0.1,1&seeds=3&sm=ptq-w3');
    expect([SWEEP_PARAM, SEEDS_PARAM, METRIC_PARAM]).toEqual(['sweep', 'seeds', 'sm']);
    const qat: SweepSpec = { knob: 'qat', values: ['lsq', 'lsq+'], seeds: 1, metric: 'test-acc' };
    expect(encodeSweep(qat)).toBe('sweep=qat:lsq,lsq%2B&seeds=1&sm=test-acc');
  });
});

describe('round trip', () => {
  test.each(SWEEP_PRESETS.map((p) => [p.id, p] as const))('preset %s', (_id, p) => {
    const a = sweepPresetRecipe(p);
    const link = `${encodeRecipe(a)}&${encodeSweep(p.spec)}`;
    expect(decodeSweep(link, a)).toEqual({ spec: p.spec, problems: [] });
    expect(decodeSweep(`?${link}`, a).spec).toEqual(p.spec);
    // The recipe decoder knows the sweep's parameters.
    expect(decodeRecipe(link)).toEqual({ recipe: a, problems: [] });
  });

  test('300 random valid specs', () => {
    const rand = seededRandom(41);
    for (let i = 0; i < 300; i++) {
      const spec = randomSpec(rand);
      expect(sweepSpecProblems(spec)).toEqual([]);
      const { spec: back, problems } = decodeSweep(encodeSweep(spec), recipe);
      expect(back).toEqual(spec);
      expect(problems.filter((p) => !p.includes('cannot train'))).toEqual([]);
    }
  });
});

describe('decodeSweep: each bad part', () => {
  const decode = (q: string) => decodeSweep(q, recipe);

  test('no sweep: null, and stray seeds or sm get one notice', () => {
    expect(decode('v=1&lr=0.1')).toEqual({ spec: null, problems: [] });
    expect(decode('seeds=3&sm=loss&seeds=4')).toEqual({
      spec: null,
      problems: ['Ignored seeds= and sm= without sweep=.'],
    });
  });

  test('unknown, unsweepable or malformed knob: null', () => {
    for (const q of ['sweep=zzz:1,2', 'sweep=seed:1,2', 'sweep=lr', 'sweep=', 'sweep=:1']) {
      const { spec, problems } = decode(q);
      expect(spec, q).toBeNull();
      expect(problems, q).toHaveLength(1);
    }
    expect(decode('sweep=seed:1,2').problems[0]).toMatch(/seed cannot be swept/);
  });

  test('bad values are dropped with one notice; none left gives null', () => {
    const { spec, problems } = decode('sweep=lr:0.1,abc,20,0.01,0.1,,x&seeds=2');
    expect(spec).toEqual({
      knob: 'learningRate',
      values: [0.1, 0.01],
      seeds: 2,
      metric: 'test-acc',
    });
    expect(problems).toEqual([
      'Sweep: dropped values not allowed for Learning rate (0.00001..10): "abc", "20", "" and 1 more.',
      'Sweep: dropped 1 repeated value(s) of Learning rate.',
    ]);
    const none = decode('sweep=wb:1,9,3.5');
    expect(none.spec).toBeNull();
    expect(none.problems.at(-1)).toMatch(/no value of QAT weight bits is left/);
  });

  test('bad seeds fall back to the default; a bad metric to the knob’s default', () => {
    const { spec, problems } = decode('sweep=kurew:0.1,1&seeds=0&sm=<b>');
    expect(spec).toEqual({
      knob: 'kureWeight',
      values: [0.1, 1],
      seeds: DEFAULT_SWEEP_SEEDS,
      metric: 'ptq-w3',
    });
    expect(problems).toEqual([
      'Sweep: seeds="0" is not a whole number in 1..10; using 3.',
      'Sweep: sm="<b>" is not a sweep metric; using ptq-w3.',
    ]);
    expect(decode('sweep=kurew:1&seeds=2.5').spec?.seeds).toBe(DEFAULT_SWEEP_SEEDS);
  });

  test('too many runs: the first values that fit', () => {
    const values = Array.from({ length: 30 }, (_, i) => i + 1).join(',');
    const { spec, problems } = decode(`sweep=steps:${values}&seeds=3`);
    expect(spec?.values).toEqual(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(problems).toEqual([
      'Sweep: 30 values × 3 seeds = 90 runs, at most 64; kept the first 21 values.',
    ]);
  });

  test('a parameter given twice: the first, with a notice', () => {
    const { spec, problems } = decode(
      'sweep=wb:2,3&sweep=lr:1&seeds=2&seeds=5&sm=loss&sm=kurtosis',
    );
    expect(spec).toEqual({ knob: 'wBits', values: [2, 3], seeds: 2, metric: 'loss' });
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('Sweep: sweep= given 2 times; using the first, "wb:2,3".');
  });

  test('runs that cannot train with the recipe: kept, with one notice', () => {
    const kure = { ...recipe, kure: 'on' as const };
    const { spec, problems } = decodeSweep('sweep=kurew:0,1', kure);
    expect(spec?.values).toEqual([0, 1]);
    expect(problems).toEqual(['Sweep: some of its runs cannot train with this recipe.']);
  });
});

/** Hostile or broken text a pasted link may carry. */
const NASTY = [
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  '1e309',
  'NaN',
  '-0',
  '0x10',
  '',
  ' ',
  '%',
  '%E0%A4%A',
  '\u0000\u202e',
  '\ud800',
  '1'.repeat(400),
  'x'.repeat(10_000),
  '__proto__',
  ',,,,',
  ':',
  'lsq+',
];

/** A random hostile query: sweep parts real and made up, doubled, truncated. */
function hostileQuery(rand: () => number): string {
  const params = new URLSearchParams();
  const names = [SWEEP_PARAM, SWEEP_PARAM, SEEDS_PARAM, METRIC_PARAM, 'lr', 'x'];
  for (let i = 0, n = 1 + Math.floor(rand() * 5); i < n; i++) {
    const name = pick(rand, names);
    const value =
      name === SWEEP_PARAM
        ? hostileSweep(rand)
        : pick(rand, [...NASTY, ...SWEEP_METRIC_IDS, '3', '11']);
    params.append(name, value);
  }
  const query = params.toString();
  return rand() < 0.2 ? query.slice(0, Math.floor(rand() * query.length)) : query;
}

/** A `sweep=` value: a real or made-up knob, then good, nasty and random values mixed. */
function hostileSweep(rand: () => number): string {
  const key = pick(rand, sweepableKnobs());
  const knob = rand() < 0.85 ? SETTINGS[key].param : pick(rand, ['seed', 'zzz', '__proto__', '']);
  const values = Array.from({ length: Math.floor(rand() * 80) }, () => {
    const r = rand();
    if (r < 0.4) return String(randomValue(rand, key));
    if (r < 0.7) return pick(rand, NASTY);
    return String((rand() - 0.3) * 10 ** Math.floor(rand() * 6));
  });
  return `${knob}${rand() < 0.9 ? ':' : ''}${values.join(',')}`;
}

describe('decodeSweep fuzz: 400 hostile links', () => {
  const rand = seededRandom(2027);
  const queries = Array.from({ length: 400 }, () => hostileQuery(rand));

  test.each(queries.map((q, i) => [i, q] as const))('link %i: null or a valid spec', (_, q) => {
    const a = decodeRecipe(q).recipe;
    const { spec, problems } = decodeSweep(q, a);
    if (spec) {
      expect(sweepSpecProblems(spec)).toEqual([]);
      expect(decodeSweep(encodeSweep(spec), a).spec).toEqual(spec);
    }
    for (const p of problems) {
      expect(typeof p).toBe('string');
      expect(p.length).toBeLessThan(200 + 3 * MAX_ECHO_CHARS);
    }
    for (const p of decodeRecipe(q).problems)
      expect(p).not.toMatch(/unknown.*\b(sweep|seeds|sm)\b/);
  });

  test('the fuzz reaches real specs, not only refusals', () => {
    const decoded = queries.map((q) => decodeSweep(q, recipe).spec).filter((s) => s !== null);
    expect(decoded.length).toBeGreaterThan(100);
  });

  test('raw text never reaches a notice unclipped', () => {
    const { problems } = decodeSweep(
      `sweep=qat:lsq,${'<b>'.repeat(1000)}&seeds=${'9'.repeat(500)}`,
      recipe,
    );
    expect(problems).toHaveLength(2);
    for (const p of problems) expect(p.length).toBeLessThan(200);
  });
});
