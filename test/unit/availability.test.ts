import { describe, expect, test } from 'vitest';
import { settingDisabledReason } from '../../src/settings/availability';
import {
  SETTINGS,
  SETTING_KEYS,
  defaultRecipe,
  type EnumSpec,
  type NumberSpec,
  type SettingKey,
  type Recipe,
} from '../../src/settings/schema';
import { recipeProblems } from '../../src/settings/validate-recipe';
import { mulberry32 } from '../../src/engine/random';

const base = defaultRecipe();
const reason = (key: SettingKey, over: Partial<Recipe> = {}) =>
  settingDisabledReason(key, { ...base, ...over });

/** Values worth trying for one setting: every option, or the ends, the default and 0. */
function candidates(key: SettingKey): (string | number)[] {
  const spec: NumberSpec | EnumSpec = SETTINGS[key];
  if (spec.kind === 'enum') return spec.options.map((o) => o.value);
  return [...new Set([spec.min, spec.default, spec.max, Math.max(spec.min, 0)])];
}

/** Recipes that exercise every rule: all gating switches crossed, plus random recipes. */
function generatedSettings(): Recipe[] {
  const out: Recipe[] = [];
  for (const qat of ['off', 'lsq', 'lsq+'] as const)
    for (const freezing of ['off', 'on'] as const)
      for (const dampening of [0, 0.5])
        for (const kure of ['off', 'on'] as const)
          for (const kureWeight of [0, 1])
            for (const r2 of ['off', 'margin'] as const)
              for (const r2Weight of [0, 0.01])
                for (const model of ['small-cnn', 'mobilenet-tiny'] as const)
                  for (const aBits of ['float', '4'] as const)
                    out.push({
                      ...base,
                      ...{ qat, freezing, dampening, kure, kureWeight, r2, r2Weight, model, aBits },
                    });
  const rand = mulberry32(42);
  for (let i = 0; i < 300; i++) {
    const s: Record<string, unknown> = { ...base };
    for (const key of SETTING_KEYS) {
      const values = candidates(key);
      s[key] = values[Math.floor(rand() * values.length)];
    }
    out.push(s as Recipe);
  }
  return out;
}

describe('settingDisabledReason', () => {
  test('the defaults: parameters of techniques that are off are unavailable, with a reason', () => {
    expect(reason('r2Weight')).toBe('Turn R2 on to set its weight.');
    expect(reason('kureWeight')).toMatch(/Turn KURE on/);
    expect(reason('kureTarget')).toMatch(/Turn KURE on/);
    for (const key of [
      'wBits',
      'aBits',
      'trackOscillations',
      'dampening',
      'freezing',
      'freezeThreshold',
    ] as const) {
      expect(reason(key), key).toMatch(/Turn QAT \(LSQ or LSQ\+\) on/);
    }
    expect(reason('lsqPlusConfig')).toMatch(/LSQ\+/);
    expect(reason('activation')).toMatch(/small CNN always uses ReLU/);
  });

  test('settings that always matter are never unavailable', () => {
    const always: SettingKey[] = [
      'dataset',
      'model',
      'backend',
      'learningRate',
      'steps',
      'r2',
      'kure',
      'qat',
      'firstLast8',
      'bnReestimate',
      'ptqScheme',
      'ptqActBits',
      'histBits',
    ];
    for (const s of generatedSettings().slice(0, 200)) {
      for (const key of always) expect(settingDisabledReason(key, s), key).toBeNull();
    }
  });

  test('switching the technique on makes its parameters available', () => {
    expect(reason('r2Weight', { r2: 'linf' })).toBeNull();
    expect(reason('kureWeight', { kure: 'on' })).toBeNull();
    expect(reason('kureTarget', { kure: 'on' })).toBeNull();
    for (const key of ['wBits', 'aBits', 'trackOscillations', 'dampening', 'freezing'] as const) {
      expect(reason(key, { qat: 'lsq' }), key).toBeNull();
    }
    expect(reason('activation', { model: 'resnet-tiny' })).toBeNull();
  });

  test('LSQ+ configuration: only for LSQ+, and only with quantized activations', () => {
    expect(reason('lsqPlusConfig', { qat: 'lsq', aBits: '4' })).toMatch(/Choose LSQ\+/);
    expect(reason('lsqPlusConfig', { qat: 'lsq+', aBits: 'float' })).toMatch(/activation bits/);
    expect(reason('lsqPlusConfig', { qat: 'lsq+', aBits: '4' })).toBeNull();
  });

  test('freezing threshold needs QAT and freezing', () => {
    expect(reason('freezeThreshold', { qat: 'lsq' })).toMatch(/Turn freezing on/);
    expect(reason('freezeThreshold', { qat: 'lsq', freezing: 'on' })).toBeNull();
  });

  test('a value that causes a recipe problem stays editable, so the conflict can be fixed', () => {
    expect(reason('freezing', { freezing: 'on' })).toBeNull();
    expect(reason('dampening', { dampening: 0.1 })).toBeNull();
    // Still unavailable when its value is harmless.
    expect(reason('freezing', { dampening: 0.1 })).not.toBeNull();
  });

  test('property: no change to an unavailable control could remove a recipe problem', () => {
    const recipes = generatedSettings();
    expect(recipes.length).toBeGreaterThan(1000);
    let disabledSeen = 0;
    for (const s of recipes) {
      const count = recipeProblems(s).length;
      for (const key of SETTING_KEYS) {
        const why = settingDisabledReason(key, s);
        if (why === null) continue;
        disabledSeen++;
        expect(why.length).toBeGreaterThan(0);
        for (const value of candidates(key)) {
          const changed = { ...s, [key]: value } as Recipe;
          expect(recipeProblems(changed).length, `${key}=${value}`).toBeGreaterThanOrEqual(count);
        }
      }
    }
    expect(disabledSeen).toBeGreaterThan(1000);
  });

  test('is pure: the same recipe gives the same answer and is not modified', () => {
    const s = { ...base, qat: 'off' as const, freezing: 'on' as const };
    const copy = { ...s };
    for (const key of SETTING_KEYS) {
      expect(settingDisabledReason(key, s)).toBe(settingDisabledReason(key, s));
    }
    expect(s).toEqual(copy);
  });
});
