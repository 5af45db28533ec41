import { expect, test } from 'vitest';
import { defaultSettings } from '../../src/settings/schema';
import { recipeProblems } from '../../src/settings/validate-recipe';

test('the default recipe has no problems', () => {
  expect(recipeProblems(defaultSettings())).toEqual([]);
});

test('freezing or dampening without QAT is refused with the fix named', () => {
  const s = { ...defaultSettings(), freezing: 'on' as const, dampening: 0.1 };
  const problems = recipeProblems(s);
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(/freezing.*turn on QAT/i);
  expect(problems[1]).toMatch(/dampening.*turn on QAT/i);
  expect(recipeProblems({ ...s, qat: 'lsq' })).toEqual([]);
});

test('a regularizer switched on with weight 0 is flagged', () => {
  expect(recipeProblems({ ...defaultSettings(), kure: 'on', kureWeight: 0 })[0]).toMatch(/KURE/);
  expect(recipeProblems({ ...defaultSettings(), r2: 'linf', r2Weight: 0 })[0]).toMatch(/R2/);
});
