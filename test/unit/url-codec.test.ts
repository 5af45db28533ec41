import { describe, expect, test } from 'vitest';
import { MAX_ECHO_CHARS, clip } from '../../src/settings/problem-text';
import { decodeRecipe, encodeRecipe } from '../../src/settings/url-codec';
import {
  SETTINGS,
  defaultRecipe,
  type EnumSpec,
  type NumberSpec,
  type Recipe,
} from '../../src/settings/schema';

describe('URL codec', () => {
  test('defaults encode to the version alone', () => {
    expect(encodeRecipe(defaultRecipe())).toBe('v=1');
  });

  test('decode(encode(s)) equals s', () => {
    const s: Recipe = {
      ...defaultRecipe(),
      dataset: 'fashion-mnist',
      backend: 'webgl',
      optimizer: 'momentum',
      learningRate: 0.0125,
      batchSize: 32,
      steps: 250,
      seed: 7,
      metricsEvery: 5,
      evalEvery: 50,
      testExamples: 500,
    };
    expect(decodeRecipe(encodeRecipe(s))).toEqual({ recipe: s, problems: [] });
  });

  test('an empty query gives the defaults without problems', () => {
    expect(decodeRecipe('')).toEqual({ recipe: defaultRecipe(), problems: [] });
  });

  test('out-of-range numbers are clamped and reported', () => {
    const { recipe, problems } = decodeRecipe('bs=100000&lr=-1');
    expect(recipe.batchSize).toBe(SETTINGS.batchSize.max);
    expect(recipe.learningRate).toBe(SETTINGS.learningRate.min);
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).toMatch(/Learning rate.*Batch size/);
  });

  test('non-integers are rounded where the setting is whole', () => {
    expect(decodeRecipe('bs=31.6').recipe.batchSize).toBe(32);
  });

  test('garbage falls back to defaults with a message, and unknown keys are ignored', () => {
    const { recipe, problems } = decodeRecipe('bs=abc&data=cifar&lr=&zzz=1&steps=Infinity');
    expect(recipe).toEqual(defaultRecipe());
    expect(problems.join(' ')).toMatch(/Batch size.*not a finite number/);
    expect(problems.join(' ')).toMatch(/Data set.*not one of mnist, fashion-mnist/);
    // Four bad values, plus one notice naming the unknown key.
    expect(problems).toHaveLength(5);
    expect(problems[4]).toBe('Ignored unknown link parameter: zzz.');
  });

  test('markup in a value is quoted back as text, never interpreted', () => {
    const { problems } = decodeRecipe('data=%3Cimg%20src%3Dx%3E');
    expect(problems[0]).toContain('"<img src=x>"');
  });

  test('an unknown version is reported and the settings still decode', () => {
    const { recipe, problems } = decodeRecipe('v=9&bs=16');
    expect(recipe.batchSize).toBe(16);
    expect(problems[0]).toMatch(/v=9/);
  });
});

/** Every quoted echo ("...") in a problem message. */
const echoes = (problems: string[]) =>
  problems.flatMap((p) => [...p.matchAll(/"([^"]*)"/g)].map((m) => m[1]!));

describe('URL codec: hostile and broken links', () => {
  const hostile = [
    '',
    '?',
    '&&&',
    '=',
    '==1',
    'bs',
    'bs=',
    'bs=1&',
    'lr=0.0',
    'lr=0.01&lr',
    'lr=1&lr=2',
    'bs=%',
    'bs=%ZZ',
    'data=%E0%A4%A',
    'lr=1e309',
    'lr=-1e309',
    'steps=1e308',
    'bs=NaN',
    'bs=0x10',
    'bs= 16 ',
    'seed=99999999999999999999999',
    'data=<script>alert(1)</script>',
    'data=%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    `lr=${'9'.repeat(10_000)}`,
    `data=${'x'.repeat(10_000)}`,
    `${'k'.repeat(10_000)}=1`,
    'v=2&v=1',
    `v=${'9'.repeat(10_000)}`,
    'preset=kure-w4&preset=<b>',
    '__proto__=1&constructor=x&toString=y',
    'model=__proto__',
    'qat=lsq%2B',
    'qat=lsq+',
  ];

  test.each(hostile.map((q) => [q.slice(0, 40), q] as const))(
    'never throws and gives a full valid recipe: %s',
    (_label, query) => {
      const { recipe, problems } = decodeRecipe(query);
      expect(Object.keys(recipe).sort()).toEqual(Object.keys(defaultRecipe()).sort());
      for (const [key, value] of Object.entries(recipe)) {
        const spec = SETTINGS[key as keyof typeof SETTINGS];
        if (spec.kind === 'enum') expect(spec.options.map((o) => o.value)).toContain(value);
        else {
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(spec.min);
          expect(value).toBeLessThanOrEqual(spec.max);
        }
      }
      for (const echo of echoes(problems)) expect(echo.length).toBeLessThanOrEqual(MAX_ECHO_CHARS);
      // No message can flood the notice, whatever the link holds.
      for (const p of problems) expect(p.length).toBeLessThanOrEqual(240);
      expect(decodeRecipe(query)).toEqual({ recipe, problems }); // pure
    },
  );

  test('a doubled parameter uses the first value and says so', () => {
    const { recipe, problems } = decodeRecipe('lr=1&lr=2');
    expect(recipe.learningRate).toBe(1);
    expect(problems).toEqual(['Learning rate: given 2 times (lr=); using the first, "1".']);
  });

  test('a doubled parameter whose first value is bad falls back and lists both problems', () => {
    const { recipe, problems } = decodeRecipe('bs=abc&bs=16');
    expect(recipe.batchSize).toBe(SETTINGS.batchSize.default);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/Batch size: "abc" is not a finite number; using 64/);
    expect(problems[1]).toMatch(/Batch size: given 2 times/);
  });

  test('truncated and garbage values fall back with a message each', () => {
    const { recipe, problems } = decodeRecipe('bs=1%2&steps=12abc&data=mni&opt=');
    expect(recipe).toEqual(defaultRecipe());
    expect(problems).toHaveLength(4);
    expect(problems.join(' ')).toMatch(/Data set.*Optimizer.*Batch size.*Steps/);
  });

  test('1e309 overflows to Infinity: not a finite number; 1e308 is clamped', () => {
    const huge = decodeRecipe('lr=1e309&steps=1e308');
    expect(huge.recipe.learningRate).toBe(SETTINGS.learningRate.default);
    expect(huge.recipe.steps).toBe(SETTINGS.steps.max);
    expect(huge.problems[0]).toBe('Learning rate: "1e309" is not a finite number; using 0.01.');
    expect(huge.problems[1]).toMatch(/^Steps: 1e\+308 is not allowed \(1\.\.100000/);
  });

  test('a script tag as a value is echoed as text, cut short, and never used', () => {
    const { recipe, problems } = decodeRecipe('data=<script>alert(1)</script>&act=<b>x</b>');
    expect(recipe.dataset).toBe('mnist');
    expect(recipe.activation).toBe('relu');
    expect(problems[0]).toContain('"<script>alert(1)</script>"');
    expect(problems[1]).toContain('"<b>x</b>"');
  });

  test('a 10 kB value is echoed in at most 40 characters', () => {
    const long = 'A'.repeat(10_000);
    for (const query of [`data=${long}`, `bs=${long}`, `v=${long}`]) {
      const { problems } = decodeRecipe(query);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.length).toBeLessThan(200);
      expect(problems[0]).toContain('…');
      expect(problems[0]).not.toContain('A'.repeat(MAX_ECHO_CHARS));
    }
  });

  test('unknown keys are listed once, a few names, each cut short', () => {
    const one = decodeRecipe('v=1&utm_source=x');
    expect(one.problems).toEqual(['Ignored unknown link parameter: utm_source.']);
    const many = decodeRecipe(`a=1&b=2&c=3&d=4&e=5&a=6&${'z'.repeat(5000)}=1`);
    expect(many.problems).toEqual(['Ignored unknown link parameters: a, b, c and 3 more.']);
    const long = decodeRecipe(`${'z'.repeat(5000)}=1`);
    expect(long.problems[0]!.length).toBeLessThan(60);
    expect(many.recipe).toEqual(defaultRecipe());
  });

  test('preset=<id> is accepted silently, known or not; recipe come from the other params', () => {
    expect(decodeRecipe('v=1&preset=kure-w4')).toEqual({
      recipe: defaultRecipe(),
      problems: [],
    });
    expect(decodeRecipe('preset=<script>&bs=16').problems).toEqual([]);
    expect(decodeRecipe('preset=x&bs=16').recipe.batchSize).toBe(16);
  });

  test('a plus in a value is a space, so LSQ+ must be percent-encoded (encode does it)', () => {
    expect(decodeRecipe('qat=lsq%2B').recipe.qat).toBe('lsq+');
    expect(decodeRecipe('qat=lsq+').recipe.qat).toBe('off');
    const s: Recipe = { ...defaultRecipe(), qat: 'lsq+' };
    expect(encodeRecipe(s)).toBe('v=1&qat=lsq%2B');
    expect(decodeRecipe(encodeRecipe(s)).recipe).toEqual(s);
  });

  test('every setting round-trips at its min, max and each option', () => {
    for (const key of Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]) {
      const spec: NumberSpec | EnumSpec = SETTINGS[key];
      const values = spec.kind === 'enum' ? spec.options.map((o) => o.value) : [spec.min, spec.max];
      for (const value of values) {
        const s = { ...defaultRecipe(), [key]: value } as Recipe;
        expect(decodeRecipe(encodeRecipe(s)), `${key}=${value}`).toEqual({
          recipe: s,
          problems: [],
        });
      }
    }
  });

  test('clip keeps short text and cuts long text to the limit with an ellipsis', () => {
    expect(clip('short')).toBe('short');
    expect(clip('x'.repeat(40))).toBe('x'.repeat(40));
    expect(clip('x'.repeat(41))).toBe(`${'x'.repeat(39)}…`);
    expect(Array.from(clip('😀'.repeat(50))).length).toBe(40);
  });
});
