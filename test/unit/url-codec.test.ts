import { describe, expect, test } from 'vitest';
import { MAX_ECHO_CHARS, clip, decodeSettings, encodeSettings } from '../../src/settings/url-codec';
import {
  SETTINGS,
  defaultSettings,
  type EnumSpec,
  type NumberSpec,
  type Settings,
} from '../../src/settings/schema';

describe('URL codec', () => {
  test('defaults encode to the version alone', () => {
    expect(encodeSettings(defaultSettings())).toBe('v=1');
  });

  test('decode(encode(s)) equals s', () => {
    const s: Settings = {
      ...defaultSettings(),
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
    expect(decodeSettings(encodeSettings(s))).toEqual({ settings: s, problems: [] });
  });

  test('an empty query gives the defaults without problems', () => {
    expect(decodeSettings('')).toEqual({ settings: defaultSettings(), problems: [] });
  });

  test('out-of-range numbers are clamped and reported', () => {
    const { settings, problems } = decodeSettings('bs=100000&lr=-1');
    expect(settings.batchSize).toBe(SETTINGS.batchSize.max);
    expect(settings.learningRate).toBe(SETTINGS.learningRate.min);
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).toMatch(/Learning rate.*Batch size/);
  });

  test('non-integers are rounded where the setting is whole', () => {
    expect(decodeSettings('bs=31.6').settings.batchSize).toBe(32);
  });

  test('garbage falls back to defaults with a message, and unknown keys are ignored', () => {
    const { settings, problems } = decodeSettings('bs=abc&data=cifar&lr=&zzz=1&steps=Infinity');
    expect(settings).toEqual(defaultSettings());
    expect(problems.join(' ')).toMatch(/Batch size.*not a finite number/);
    expect(problems.join(' ')).toMatch(/Data set.*not one of mnist, fashion-mnist/);
    // Four bad values, plus one notice naming the unknown key.
    expect(problems).toHaveLength(5);
    expect(problems[4]).toBe('Ignored unknown link parameter: zzz.');
  });

  test('markup in a value is quoted back as text, never interpreted', () => {
    const { problems } = decodeSettings('data=%3Cimg%20src%3Dx%3E');
    expect(problems[0]).toContain('"<img src=x>"');
  });

  test('an unknown version is reported and the settings still decode', () => {
    const { settings, problems } = decodeSettings('v=9&bs=16');
    expect(settings.batchSize).toBe(16);
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
      const { settings, problems } = decodeSettings(query);
      expect(Object.keys(settings).sort()).toEqual(Object.keys(defaultSettings()).sort());
      for (const [key, value] of Object.entries(settings)) {
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
      expect(decodeSettings(query)).toEqual({ settings, problems }); // pure
    },
  );

  test('a doubled parameter uses the first value and says so', () => {
    const { settings, problems } = decodeSettings('lr=1&lr=2');
    expect(settings.learningRate).toBe(1);
    expect(problems).toEqual(['Learning rate: given 2 times (lr=); using the first, "1".']);
  });

  test('a doubled parameter whose first value is bad falls back and lists both problems', () => {
    const { settings, problems } = decodeSettings('bs=abc&bs=16');
    expect(settings.batchSize).toBe(SETTINGS.batchSize.default);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/Batch size: "abc" is not a finite number; using 64/);
    expect(problems[1]).toMatch(/Batch size: given 2 times/);
  });

  test('truncated and garbage values fall back with a message each', () => {
    const { settings, problems } = decodeSettings('bs=1%2&steps=12abc&data=mni&opt=');
    expect(settings).toEqual(defaultSettings());
    expect(problems).toHaveLength(4);
    expect(problems.join(' ')).toMatch(/Data set.*Optimizer.*Batch size.*Steps/);
  });

  test('1e309 overflows to Infinity: not a finite number; 1e308 is clamped', () => {
    const huge = decodeSettings('lr=1e309&steps=1e308');
    expect(huge.settings.learningRate).toBe(SETTINGS.learningRate.default);
    expect(huge.settings.steps).toBe(SETTINGS.steps.max);
    expect(huge.problems[0]).toBe('Learning rate: "1e309" is not a finite number; using 0.01.');
    expect(huge.problems[1]).toMatch(/^Steps: 1e\+308 is not allowed \(1\.\.100000/);
  });

  test('a script tag as a value is echoed as text, cut short, and never used', () => {
    const { settings, problems } = decodeSettings('data=<script>alert(1)</script>&act=<b>x</b>');
    expect(settings.dataset).toBe('mnist');
    expect(settings.activation).toBe('relu');
    expect(problems[0]).toContain('"<script>alert(1)</script>"');
    expect(problems[1]).toContain('"<b>x</b>"');
  });

  test('a 10 kB value is echoed in at most 40 characters', () => {
    const long = 'A'.repeat(10_000);
    for (const query of [`data=${long}`, `bs=${long}`, `v=${long}`]) {
      const { problems } = decodeSettings(query);
      expect(problems).toHaveLength(1);
      expect(problems[0]!.length).toBeLessThan(200);
      expect(problems[0]).toContain('…');
      expect(problems[0]).not.toContain('A'.repeat(MAX_ECHO_CHARS));
    }
  });

  test('unknown keys are listed once, a few names, each cut short', () => {
    const one = decodeSettings('v=1&utm_source=x');
    expect(one.problems).toEqual(['Ignored unknown link parameter: utm_source.']);
    const many = decodeSettings(`a=1&b=2&c=3&d=4&e=5&a=6&${'z'.repeat(5000)}=1`);
    expect(many.problems).toEqual(['Ignored unknown link parameters: a, b, c and 3 more.']);
    const long = decodeSettings(`${'z'.repeat(5000)}=1`);
    expect(long.problems[0]!.length).toBeLessThan(60);
    expect(many.settings).toEqual(defaultSettings());
  });

  test('preset=<id> is accepted silently, known or not; settings come from the other params', () => {
    expect(decodeSettings('v=1&preset=kure-w4')).toEqual({
      settings: defaultSettings(),
      problems: [],
    });
    expect(decodeSettings('preset=<script>&bs=16').problems).toEqual([]);
    expect(decodeSettings('preset=x&bs=16').settings.batchSize).toBe(16);
  });

  test('a plus in a value is a space, so LSQ+ must be percent-encoded (encode does it)', () => {
    expect(decodeSettings('qat=lsq%2B').settings.qat).toBe('lsq+');
    expect(decodeSettings('qat=lsq+').settings.qat).toBe('off');
    const s: Settings = { ...defaultSettings(), qat: 'lsq+' };
    expect(encodeSettings(s)).toBe('v=1&qat=lsq%2B');
    expect(decodeSettings(encodeSettings(s)).settings).toEqual(s);
  });

  test('every setting round-trips at its min, max and each option', () => {
    for (const key of Object.keys(SETTINGS) as (keyof typeof SETTINGS)[]) {
      const spec: NumberSpec | EnumSpec = SETTINGS[key];
      const values = spec.kind === 'enum' ? spec.options.map((o) => o.value) : [spec.min, spec.max];
      for (const value of values) {
        const s = { ...defaultSettings(), [key]: value } as Settings;
        expect(decodeSettings(encodeSettings(s)), `${key}=${value}`).toEqual({
          settings: s,
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
