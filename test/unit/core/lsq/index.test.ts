// The public surface of src/core/lsq and its display formulas.
import { expect, test } from 'vitest';
import * as lsq from '../../../../src/core/lsq';

test('the barrel exports the quantizers, inits, factory and formulas', () => {
  for (const name of [
    'lsqFakeQuant',
    'lsqPlusFakeQuant',
    'gradScale',
    'lsqInit',
    'lsqPlusWeightInit',
    'lsqPlusActivationInitMinMax',
    'lsqPlusActivationInitMse',
    'createLsqParams',
    'createLsqPlusParams',
    'clampScale',
    'readLearnedParams',
  ] as const) {
    expect(typeof lsq[name]).toBe('function');
  }
  expect(lsq.LSQ_FORMULAS.length).toBe(9);
  // the strings state the implemented readings (strict interior, g on beta, 2^(b-1), N - 1)
  expect(lsq.LSQ_PLUS_GRADIENT_FORMULA).toContain('n < u < p');
  expect(lsq.LSQ_PLUS_GRADIENT_FORMULA).toContain('grad(beta)');
  expect(lsq.LSQ_PLUS_WEIGHT_INIT_FORMULA).toContain('/ 2^(b-1)');
  expect(lsq.LSQ_PLUS_WEIGHT_INIT_FORMULA).toContain('(N - 1)');
});
