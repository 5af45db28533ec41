import { describe, expect, test } from 'vitest';
import {
  PRESETS,
  findPreset,
  isPresetRecipe,
  loadPreset,
  matchingPreset,
  presetRecipe,
  recipeQuery,
} from '../../src/settings/presets';
import { NO_TWIN } from '../../src/settings/twin-codec';
import { decodeView, linkBase, linkQuery, presetLink } from '../../src/settings/view-codec';
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
    '%s: its link is the preset alone and decodes to exactly its recipe, without problems',
    (_id, preset) => {
      const url = presetLink(preset);
      expect(url).toBe(`v=1&preset=${preset.id}`);
      const { view, problems: viewProblems } = decodeView(url);
      expect(view).toEqual({ preset: preset.id, layout: 'demo', classroom: false });
      const { recipe, problems } = decodeRecipe(url, linkBase(view.preset));
      expect([...viewProblems, ...problems]).toEqual([]);
      expect(recipe).toEqual(presetRecipe(preset));
      // And the link re-encodes to itself.
      expect(linkQuery(recipe, NO_TWIN, view)).toBe(url);
    },
  );

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

  test('a changed setting no longer matches; the link keeps the preset and names the change', () => {
    const kure = findPreset('kure-w4')!;
    const edited = { ...presetRecipe(kure), seed: 99, kureWeight: 0.1 };
    expect(matchingPreset(edited)).toBeNull();
    expect(isPresetRecipe(kure, edited)).toBe(false);
    const view = { preset: kure.id, layout: 'demo' as const, classroom: false };
    const url = linkQuery(edited, NO_TWIN, view);
    expect(url).toBe('v=1&seed=99&kurew=0.1&preset=kure-w4');
    expect(decodeRecipe(url, linkBase('kure-w4')).recipe).toEqual(edited);
  });

  test('a setting put back to its default is still written against the preset', () => {
    const baseline = findPreset('baseline')!;
    const edited = { ...presetRecipe(baseline), steps: SETTINGS.steps.default };
    const view = { preset: baseline.id, layout: 'demo' as const, classroom: false };
    const url = linkQuery(edited, NO_TWIN, view);
    expect(url).toContain(`steps=${SETTINGS.steps.default}`);
    expect(decodeRecipe(url, linkBase('baseline')).recipe).toEqual(edited);
  });

  test('a forced backend survives loading a preset and is not a modification', () => {
    const current = { ...defaultRecipe(), backend: 'cpu' as const };
    for (const p of PRESETS) {
      const loaded = loadPreset(p, current);
      expect(loaded.backend).toBe('cpu');
      expect(isPresetRecipe(p, loaded)).toBe(true);
      expect(matchingPreset(loaded)?.id).toBe(p.id);
    }
  });

  test('the defaults match no preset', () => {
    expect(matchingPreset(defaultRecipe())).toBeNull();
    expect(recipeQuery(defaultRecipe())).toBe('v=1');
  });

  test('each demo names two or three distinct plots and two to four distinct settings', () => {
    for (const p of PRESETS) {
      const plots = p.demo.plots.filter((id) => id !== undefined);
      const knobs = p.demo.knobs.filter((key) => key !== undefined);
      expect(new Set(plots).size, p.id).toBe(plots.length);
      expect(new Set(knobs).size, p.id).toBe(knobs.length);
      for (const key of knobs) expect(SETTINGS[key], `${p.id}: ${key}`).toBeDefined();
      const sentences = p.demo.story.split(/(?<=[.!?])\s+/).length;
      expect(sentences, p.id).toBeGreaterThanOrEqual(2);
      expect(sentences, p.id).toBeLessThanOrEqual(3);
    }
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
