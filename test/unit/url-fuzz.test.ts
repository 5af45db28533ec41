import { describe, expect, test } from 'vitest';
import { SETTINGS, SETTING_KEYS, type EnumSpec, type NumberSpec } from '../../src/settings/schema';
import { MAX_ECHO_CHARS } from '../../src/settings/problem-text';
import { decodeRecipe, encodeRecipe } from '../../src/settings/url-codec';
import { recipeQuery } from '../../src/settings/presets';
import { seededRandom } from '../helpers/property';

/** Hostile or broken values a pasted link may carry. */
const NASTY = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '1e309',
  '-1e309',
  'NaN',
  'Infinity',
  '0x10',
  '',
  ' ',
  '%00',
  '\u0000\u202e',
  '1'.repeat(400),
  'x'.repeat(10_000),
  '__proto__',
  'constructor',
  '{"a":1}',
  '[]',
  '-0',
  '3.5.1',
];

/** A random bad query: real and made-up keys, doubled, with nasty or random values. */
function badQuery(rand: () => number): string {
  const params = new URLSearchParams();
  const count = 1 + Math.floor(rand() * 8);
  for (let i = 0; i < count; i++) {
    const real = rand() < 0.7;
    const key = real
      ? SETTINGS[SETTING_KEYS[Math.floor(rand() * SETTING_KEYS.length)]!].param
      : ['zzz', '__proto__', 'v', 'preset', 'constructor', 'x'.repeat(300)][
          Math.floor(rand() * 6)
        ]!;
    const value =
      rand() < 0.6
        ? NASTY[Math.floor(rand() * NASTY.length)]!
        : String((rand() - 0.5) * 10 ** Math.floor(rand() * 12));
    params.append(key, value);
    if (rand() < 0.2) params.append(key, value.slice(0, 3)); // doubled
  }
  const query = params.toString();
  return rand() < 0.2 ? query.slice(0, Math.floor(rand() * query.length)) : query; // truncated
}

/** Whether `value` is allowed by `spec`: an option of an enum, a number in range otherwise. */
function valid(spec: NumberSpec | EnumSpec, value: unknown): boolean {
  if (spec.kind === 'enum') return spec.options.some((o) => o.value === value);
  if (typeof value !== 'number' || !Number.isFinite(value)) return false;
  if (value < spec.min || value > spec.max) return false;
  return !spec.integer || Number.isInteger(value);
}

describe('URL fuzz: 400 generated bad links', () => {
  const rand = seededRandom(2026);
  const queries = Array.from({ length: 400 }, () => badQuery(rand));

  test.each(queries.map((q, i) => [i, q] as const))('link %i decodes to a valid recipe', (_, q) => {
    const { recipe, problems } = decodeRecipe(q);
    for (const key of SETTING_KEYS) {
      expect(valid(SETTINGS[key], recipe[key]), key).toBe(true);
    }
    // No prototype pollution, no stray keys.
    expect(Object.keys(recipe).sort()).toEqual([...SETTING_KEYS].sort());
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // Every problem is one short plain sentence: a 10 kB value is never echoed whole.
    for (const p of problems) {
      expect(typeof p).toBe('string');
      expect(p.length).toBeLessThan(300 + MAX_ECHO_CHARS);
    }
    // The decoded recipe re-encodes to a link that decodes to itself without problems.
    const again = decodeRecipe(encodeRecipe(recipe));
    expect(again.recipe).toEqual(recipe);
    expect(again.problems).toEqual([]);
    expect(decodeRecipe(recipeQuery(recipe)).problems).toEqual([]);
  });
});
