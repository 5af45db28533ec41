import { describe, expect, test } from 'vitest';
import { finiteMean, lastWhere, pct, pp, small } from '../../../src/ui/classroom/evidence-text';

describe('evidence number formats', () => {
  test('percentages and signed percentage points', () => {
    expect(pct(0.958)).toBe('95.8 %');
    expect(pct(0.000845, 2)).toBe('0.08 %');
    expect(pp(0.004)).toBe('+0.4 pp');
    expect(pp(-0.001)).toBe('−0.1 pp');
    expect(pp(0.00001)).toBe('±0.0 pp');
  });

  test('two significant digits, a power of ten below 0.0001', () => {
    expect(small(0.0000593)).toBe('5.9 × 10⁻⁵');
    expect(small(-1.8e-7)).toBe('−1.8 × 10⁻⁷');
    expect(small(0.00059)).toBe('0.00059');
    expect(small(0.011)).toBe('0.011');
    expect(small(-0.21)).toBe('−0.21');
    expect(small(2.5)).toBe('2.5');
    expect(small(0)).toBe('0');
  });

  test('mean of the finite values; last match', () => {
    expect(finiteMean([1, undefined, 3, Number.NaN])).toBe(2);
    expect(finiteMean([undefined])).toBeNull();
    expect(lastWhere([1, 2, 3, 4], (n) => n % 2 === 1)).toBe(3);
    expect(lastWhere([2], (n) => n > 5)).toBeUndefined();
  });
});
