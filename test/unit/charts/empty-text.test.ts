import { describe, expect, test } from 'vitest';
import { defaultRecipe } from '../../../src/settings/schema';
import {
  histogramEmptyText,
  oscillationEmptyText,
  ptqEmptyText,
  quantParamsEmptyText,
} from '../../../src/ui/charts/empty-text';

describe('empty-state lines', () => {
  test('oscillations say what to turn on', () => {
    expect(oscillationEmptyText({ qat: 'off', trackOscillations: 'on' })).toBe(
      'Turn on QAT to see oscillations.',
    );
    expect(oscillationEmptyText({ qat: 'lsq', trackOscillations: 'off' })).toMatch(
      /Track oscillations/,
    );
    expect(oscillationEmptyText({ qat: 'lsq', trackOscillations: 'on' })).toMatch(
      /^No oscillation/,
    );
  });

  test('PTQ says when the sweep runs', () => {
    expect(ptqEmptyText({ ptqEvery: 0, ptqAtEnd: 'off' })).toMatch(/^Turn on a PTQ sweep/);
    expect(ptqEmptyText({ ptqEvery: 500, ptqAtEnd: 'on' })).toMatch(/every 500 steps/);
    expect(ptqEmptyText({ ptqEvery: 0, ptqAtEnd: 'on' })).toMatch(/when training ends/);
  });

  test('learned parameters need QAT or a learned R2 variant', () => {
    expect(quantParamsEmptyText({ qat: 'off', r2: 'off' })).toMatch(/^Turn on QAT/);
    expect(quantParamsEmptyText({ qat: 'off', r2: 'linf' })).toMatch(/L-inf learns no parameter/);
    expect(quantParamsEmptyText({ qat: 'lsq+', r2: 'off' })).toMatch(/^No learned parameters/);
  });

  test('the histogram says when it comes (the starting weights, then with each test evaluation)', () => {
    const recipe = { ...defaultRecipe(), evalEvery: 100, metricsEvery: 10, steps: 600 };
    const text = histogramEmptyText(recipe);
    expect(text).toMatch(/once Start has tested the starting weights/);
    expect(text).toMatch(/every 100 steps/);
    expect(text).not.toMatch(/first metrics read/);
    // Two-stage runs: the pretraining stage's cadence.
    expect(histogramEmptyText({ ...recipe, pretrainSteps: 40, evalEvery: 50 })).toMatch(
      /every 50 steps/,
    );
  });
});
