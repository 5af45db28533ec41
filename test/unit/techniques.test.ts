// The technique descriptors: the one definition the settings, UI and engine derive from.
import { describe, expect, test } from 'vitest';
import { settingDisabledReason } from '../../src/settings/availability';
import { defaultRecipe, SETTING_KEYS, type Recipe } from '../../src/settings/schema';
import { TECHNIQUE, TECHNIQUE_IDS, TECHNIQUES } from '../../src/settings/techniques';
import { TWIN_TOGGLES } from '../../src/settings/twin-toggles';
import { recipeProblems } from '../../src/settings/validate-recipe';
import { recipeSummary } from '../../src/store/history/run-record';

const recipe = (patch: Partial<Recipe>): Recipe => ({ ...defaultRecipe(), ...patch });

describe('technique descriptors', () => {
  test('one descriptor per id, in id order, each owning settings no other owns', () => {
    expect(TECHNIQUES.map((t) => t.id)).toEqual([...TECHNIQUE_IDS]);
    const owned = TECHNIQUES.flatMap((t) => t.settings);
    expect(new Set(owned).size).toBe(owned.length);
    for (const key of owned) expect(SETTING_KEYS).toContain(key);
  });

  test('a descriptor only rules on, and only toggles, its own settings', () => {
    for (const t of TECHNIQUES) {
      for (const key of Object.keys(t.unavailable ?? {})) expect(t.settings).toContain(key);
      for (const toggle of t.twin ?? []) expect(t.settings).toContain(toggle.key);
    }
  });

  test('switching a technique on through its twin toggle turns it on', () => {
    const base = recipe({ qat: 'lsq', trackOscillations: 'off' });
    for (const t of TECHNIQUES) {
      for (const toggle of t.twin ?? []) {
        const off = { ...base, [toggle.key]: toggle.off } as Recipe;
        const on = { ...base, [toggle.key]: toggle.on } as Recipe;
        if (toggle.key !== 'qat') expect(t.isOn(off), `${toggle.key} off`).toBe(false);
        expect(t.isOn(on), `${toggle.key} on`).toBe(true);
      }
    }
  });

  test('derived: twin toggles, problems, availability and run names', () => {
    expect(TWIN_TOGGLES.map((t) => t.key)).toEqual([
      'r2',
      'kure',
      'qat',
      'dampening',
      'freezing',
      'bnReestimate',
    ]);
    const bad = recipe({ kure: 'on', kureWeight: 0, freezing: 'on' });
    expect(recipeProblems(bad)).toEqual([
      ...TECHNIQUE.kure.problems!(bad),
      ...TECHNIQUE.oscillation.problems!(bad),
    ]);
    expect(recipeProblems(bad)).toHaveLength(2);
    expect(settingDisabledReason('kureTarget', defaultRecipe())).toBe(
      'Turn KURE on to set its target.',
    );
    expect(settingDisabledReason('kureTarget', recipe({ kure: 'on' }))).toBeNull();
    expect(recipeSummary(recipe({ qat: 'lsq+', wBits: 3, kure: 'on' }))).toBe(
      'small-cnn on mnist, 600 steps, KURE + QAT LSQ+ W3',
    );
  });
});
