import { describe, expect, test } from 'vitest';
import {
  PRESETS,
  findPreset,
  matchingPreset,
  presetIdFromQuery,
  presetRecipe,
  presetUrl,
  recipeQuery,
} from '../../src/settings/presets';
import {
  SETTINGS,
  SETTING_KEYS,
  defaultRecipe,
  type EnumSpec,
  type NumberSpec,
  type SettingKey,
} from '../../src/settings/schema';
import { decodeRecipe, encodeRecipe } from '../../src/settings/url-codec';
import { recipeProblems } from '../../src/settings/validate-recipe';

describe('presets', () => {
  test('there are at least six, with unique ids that are safe in a link', () => {
    expect(PRESETS.length).toBeGreaterThanOrEqual(6);
    const ids = PRESETS.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  test('each has a name and a one-line goal', () => {
    for (const p of PRESETS) {
      expect(p.name.length).toBeGreaterThan(0);
      expect(p.goal.length).toBeGreaterThan(0);
      expect(p.goal.length).toBeLessThanOrEqual(110);
      expect(p.goal).not.toContain('\n');
    }
  });

  test('every override names a real setting with a value the schema allows', () => {
    for (const p of PRESETS) {
      for (const [key, value] of Object.entries(p.overrides)) {
        expect(SETTING_KEYS, `${p.id}.${key}`).toContain(key);
        const spec: NumberSpec | EnumSpec = SETTINGS[key as SettingKey];
        if (spec.kind === 'enum') {
          expect(
            spec.options.map((o) => o.value),
            `${p.id}.${key}`,
          ).toContain(value);
        } else {
          expect(value, `${p.id}.${key}`).toBeGreaterThanOrEqual(spec.min);
          expect(value, `${p.id}.${key}`).toBeLessThanOrEqual(spec.max);
          if (spec.integer) expect(Number.isInteger(value), `${p.id}.${key}`).toBe(true);
        }
      }
    }
  });

  test.each(PRESETS.map((p) => [p.id, p] as const))('%s passes recipeProblems', (_id, preset) => {
    expect(recipeProblems(presetRecipe(preset))).toEqual([]);
  });

  test.each(PRESETS.map((p) => [p.id, p] as const))(
    '%s: its link decodes to exactly its recipe, without problems',
    (_id, preset) => {
      const url = presetUrl(preset);
      const { recipe, problems } = decodeRecipe(url);
      expect(problems).toEqual([]);
      expect(recipe).toEqual(presetRecipe(preset));
      for (const [key, value] of Object.entries(preset.overrides)) {
        expect(recipe[key as SettingKey], `${preset.id}.${key}`).toBe(value);
      }
      // And the link re-encodes to itself.
      expect(recipeQuery(recipe)).toBe(url);
    },
  );

  test('each link is short, starts with the version and names its preset', () => {
    for (const p of PRESETS) {
      const url = presetUrl(p);
      expect(url.length, p.id).toBeLessThan(300);
      expect(url.startsWith('v=1')).toBe(true);
      expect(url.endsWith(`&preset=${p.id}`)).toBe(true);
      expect(presetIdFromQuery(url)).toBe(p.id);
      expect(presetIdFromQuery(`?${url}`)).toBe(p.id);
    }
  });

  test('a preset applies over the defaults, not over the current settings', () => {
    for (const p of PRESETS) {
      const s = presetRecipe(p);
      for (const key of SETTING_KEYS) {
        const expected = key in p.overrides ? p.overrides[key] : SETTINGS[key].default;
        expect(s[key], `${p.id}.${key}`).toBe(expected);
      }
    }
  });

  test('presets are distinct recipes, so the loaded one is unambiguous', () => {
    for (const p of PRESETS) expect(matchingPreset(presetRecipe(p))?.id).toBe(p.id);
    const queries = PRESETS.map((p) => encodeRecipe(presetRecipe(p)));
    expect(new Set(queries).size).toBe(queries.length);
  });

  test('a changed setting no longer matches, and the link drops the preset label', () => {
    const kure = findPreset('kure-w4')!;
    const edited = { ...presetRecipe(kure), seed: 99 };
    expect(matchingPreset(edited)).toBeNull();
    expect(recipeQuery(edited)).toBe(encodeRecipe(edited));
    expect(recipeQuery(edited)).not.toContain('preset=');
  });

  test('the defaults match no preset', () => {
    expect(matchingPreset(defaultRecipe())).toBeNull();
    expect(recipeQuery(defaultRecipe())).toBe('v=1');
  });

  test('presetIdFromQuery ignores unknown or missing ids', () => {
    expect(presetIdFromQuery('v=1')).toBeNull();
    expect(presetIdFromQuery('preset=nope')).toBeNull();
    expect(presetIdFromQuery('preset=')).toBeNull();
    expect(presetIdFromQuery('preset=%3Cscript%3E')).toBeNull();
  });

  test('the teaching demos use the keys the brief names', () => {
    const over = (id: string) => findPreset(id)!.overrides;
    const full = (id: string) => presetRecipe(findPreset(id)!);
    expect(over('kure-w4')).toMatchObject({ kure: 'on', histBits: 3 });
    expect(over('r2-margin-w2')).toMatchObject({ r2: 'margin' });
    expect(over('lsq-plus-swish-w4a4')).toMatchObject({
      activation: 'swish',
      qat: 'lsq+',
      wBits: 4,
      aBits: '4',
    });
    expect(over('lsq-plus-swish-w4a4').lsqPlusConfig).toMatch(/asymmetric/);
    expect(full('oscillations-w3')).toMatchObject({
      model: 'mobilenet-tiny',
      qat: 'lsq',
      wBits: 3,
      trackOscillations: 'on',
      dampening: 0,
      freezing: 'off',
      bnReestimate: 'on',
    });
    expect(full('bn-reestimate')).toMatchObject({ qat: 'off', bnReestimate: 'on' });
    // The papers fine-tune a trained float model: every QAT demo pretrains first.
    for (const p of PRESETS.filter((p) => presetRecipe(p).qat !== 'off')) {
      expect(presetRecipe(p).pretrainSteps, p.id).toBeGreaterThan(0);
    }
    for (const p of PRESETS) {
      const s = presetRecipe(p);
      expect(s.steps, p.id).toBeGreaterThanOrEqual(200);
      expect(s.steps, p.id).toBeLessThanOrEqual(600);
    }
  });
});
