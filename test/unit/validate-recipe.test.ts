import { expect, test } from 'vitest';
import { defaultRecipe } from '../../src/settings/schema';
import { recipeProblems } from '../../src/settings/validate-recipe';

test('the default recipe has no problems', () => {
  expect(recipeProblems(defaultRecipe())).toEqual([]);
});

test('freezing or dampening without QAT is refused with the fix named', () => {
  const s = { ...defaultRecipe(), freezing: 'on' as const, dampening: 0.1 };
  const problems = recipeProblems(s);
  expect(problems).toHaveLength(2);
  expect(problems[0]).toMatch(/freezing.*turn on QAT/i);
  expect(problems[1]).toMatch(/dampening.*turn on QAT/i);
  expect(recipeProblems({ ...s, qat: 'lsq' })).toEqual([]);
});

test('a regularizer switched on with weight 0 is flagged', () => {
  expect(recipeProblems({ ...defaultRecipe(), kure: 'on', kureWeight: 0 })[0]).toMatch(/KURE/);
  expect(recipeProblems({ ...defaultRecipe(), r2: 'linf', r2Weight: 0 })[0]).toMatch(/R2/);
});

test('a freezing threshold that would rise instead of decay is flagged only when freezing runs', () => {
  const s = { ...defaultRecipe(), qat: 'lsq' as const, freezeThresholdStart: 0.005 };
  expect(recipeProblems(s)).toEqual([]);
  expect(recipeProblems({ ...s, freezing: 'on' })[0]).toMatch(/at least the final threshold/);
  expect(recipeProblems({ ...s, freezing: 'on', freezeThreshold: 0.005 })).toEqual([]);
});
