import { describe, expect, test } from 'vitest';
import { SETTINGS, SETTING_KEYS, defaultRecipe, type Recipe } from '../../src/settings/schema';
import {
  NO_TWIN,
  decodeTwin,
  encodeTwin,
  sameTwin,
  twinDifferences,
  twinRecipe,
} from '../../src/settings/twin-codec';
import { TWIN_PARAM, TWIN_PREFIX, decodeRecipe } from '../../src/settings/url-codec';
import { recipeQuery } from '../../src/settings/presets';
import { TWIN_TOGGLES, defaultTwin, toggledOverride } from '../../src/settings/twin-toggles';
import { seededRandom } from '../helpers/property';

const a: Recipe = { ...defaultRecipe(), steps: 300, qat: 'lsq+', wBits: 3 };

describe('twin codec (recipe B in the link)', () => {
  test('no setting parameter can be read as a twin parameter', () => {
    for (const key of SETTING_KEYS) {
      expect(SETTINGS[key].param).not.toBe(TWIN_PARAM);
      expect(SETTINGS[key].param.startsWith(TWIN_PREFIX)).toBe(false);
    }
  });

  test('no twin adds nothing to the link', () => {
    expect(encodeTwin(a, NO_TWIN)).toBe('');
    expect(recipeQuery(a, NO_TWIN)).toBe(recipeQuery(a));
  });

  test('B is written as its differences from A and read back exactly', () => {
    const twin = { on: true, overrides: { dampening: 2, freezing: 'on' as const } };
    expect(encodeTwin(a, twin)).toBe('twin=1&b.damp=2&b.freeze=on');
    const query = recipeQuery(a, twin);
    expect(decodeRecipe(query)).toEqual({ recipe: a, problems: [] });
    expect(decodeTwin(query)).toEqual({ twin, problems: [] });
    expect(twinRecipe(a, decodeTwin(query).twin)).toEqual({ ...a, dampening: 2, freezing: 'on' });
  });

  test('a twin equal to A is kept as twin=1 alone; overrides equal to A are dropped', () => {
    const twin = { on: true, overrides: { qat: 'lsq+' as const } };
    expect(encodeTwin(a, twin)).toBe('twin=1');
    expect(decodeTwin('twin=1')).toEqual({ twin: { on: true, overrides: {} }, problems: [] });
  });

  test('a b. parameter turns the twin on; twin=0 keeps it off', () => {
    expect(decodeTwin('b.kure=on').twin).toEqual({ on: true, overrides: { kure: 'on' } });
    expect(decodeTwin('twin=0&b.kure=on').twin).toEqual(NO_TWIN);
  });

  test('bad B values fall back or are clamped, unknown ones are named, with short notices', () => {
    const { twin, problems } = decodeTwin('twin=yes&b.kure=maybe&b.bs=100000&b.zzz=1&b.kure=on');
    expect(twin).toEqual({
      on: true,
      overrides: { kure: SETTINGS.kure.default, batchSize: SETTINGS.batchSize.max },
    });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/twin="yes" is not 1 or 0/);
    expect(problems[1]).toMatch(/^Twin B: KURE/);
    expect(problems[3]).toBe('Ignored unknown twin parameters: b.zzz.');
  });

  test('A ignores B parameters without calling them unknown', () => {
    expect(decodeRecipe('twin=1&b.kure=on&b.zzz=1').problems).toEqual([]);
  });

  test('400 seeded bad twin links decode to valid overrides with short notices', () => {
    const rand = seededRandom(7);
    const nasty = [
      '<img src=x onerror=alert(1)>',
      '1e309',
      'NaN',
      '',
      '__proto__',
      'x'.repeat(5000),
    ];
    const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
    for (let i = 0; i < 400; i++) {
      const params = new URLSearchParams();
      if (rand() < 0.5) params.set('twin', pick(['1', '0', '2', '<b>']));
      for (let k = 0; k < 6; k++) {
        const name =
          rand() < 0.7
            ? SETTINGS[pick(SETTING_KEYS)].param
            : pick(['__proto__', 'zz', 'x'.repeat(99)]);
        params.append(`b.${name}`, rand() < 0.5 ? pick(nasty) : String((rand() - 0.5) * 1e6));
      }
      const { twin, problems } = decodeTwin(params.toString());
      const b = twinRecipe(defaultRecipe(), twin);
      for (const key of SETTING_KEYS) {
        const spec = SETTINGS[key];
        const value = b[key];
        if (spec.kind === 'enum') expect(spec.options.map((o) => o.value)).toContain(value);
        else expect(value).toBeGreaterThanOrEqual(spec.min);
      }
      expect(Object.keys(twin.overrides).every((k) => k in SETTINGS)).toBe(true);
      for (const problem of problems) expect(problem.length).toBeLessThan(240);
      // What it decoded encodes and decodes to the same twin.
      const again = decodeTwin(encodeTwin(defaultRecipe(), twin)).twin;
      expect(twinRecipe(defaultRecipe(), again)).toEqual(b);
    }
  });

  test('sameTwin and twinDifferences', () => {
    expect(
      sameTwin({ on: true, overrides: { kure: 'on' } }, { on: true, overrides: { kure: 'on' } }),
    ).toBe(true);
    expect(
      sameTwin({ on: true, overrides: { kure: 'on' } }, { on: false, overrides: { kure: 'on' } }),
    ).toBe(false);
    expect(sameTwin({ on: true, overrides: { kure: 'on' } }, { on: true, overrides: {} })).toBe(
      false,
    );
    expect(twinDifferences(a, { ...a, seed: 5, kure: 'on' })).toEqual({ kure: 'on', seed: 5 });
  });
});

describe('twin toggles', () => {
  test('each toggle flips its technique relative to A', () => {
    const base = defaultRecipe();
    const byKey = (key: string) => TWIN_TOGGLES.find((t) => t.key === key)!;
    expect(toggledOverride(base, byKey('kure'))).toEqual({ kure: 'on' });
    expect(toggledOverride({ ...base, kure: 'on' }, byKey('kure'))).toEqual({ kure: 'off' });
    expect(toggledOverride(base, byKey('r2'))).toEqual({ r2: 'margin' });
    expect(toggledOverride({ ...base, r2: 'linf' }, byKey('r2'))).toEqual({ r2: 'off' });
    expect(toggledOverride(base, byKey('dampening'))).toEqual({ dampening: 2 });
  });

  test('the default twin flips KURE in float training and dampening under QAT', () => {
    expect(defaultTwin(defaultRecipe())).toEqual({ on: true, overrides: { kure: 'on' } });
    expect(defaultTwin(a)).toEqual({ on: true, overrides: { dampening: 2 } });
  });
});
