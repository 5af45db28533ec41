// The lab's one bit-width policy (methods.md 1.5): widths, first/last at 8 bit, activation bits, labels.
import { describe, expect, test } from 'vitest';
import { QuantError } from '../../../../src/core/errors';
import {
  activationBits,
  assertBits,
  BIT_WIDTHS,
  bitsForLayer,
  FIRST_LAST_BITS,
  MAX_BITS,
  MIN_BITS,
  ptqLabel,
} from '../../../../src/core/quant/bits';

/** The width of each of `count` layers, in forward order. */
const widths = (count: number, bits: number, firstLast8: boolean) =>
  Array.from({ length: count }, (_, index) => bitsForLayer({ index }, count, bits, firstLast8));

describe('widths', () => {
  test('the sweep covers W2..W8 and the edges keep 8 bit', () => {
    expect(BIT_WIDTHS).toEqual([2, 3, 4, 5, 6, 7, 8]);
    expect([MIN_BITS, MAX_BITS, FIRST_LAST_BITS]).toEqual([2, 8, 8]);
  });

  test('assertBits accepts 2..8 and refuses the rest with a QuantError', () => {
    for (const bits of BIT_WIDTHS) expect(() => assertBits(bits)).not.toThrow();
    for (const bits of [1, 9, 2.5, NaN, Infinity]) {
      expect(() => assertBits(bits)).toThrowError(QuantError);
    }
  });
});

describe('bitsForLayer', () => {
  test('first/last at 8 bit on: the first and last layers keep 8, the middle ones get b', () => {
    expect(widths(4, 2, true)).toEqual([8, 2, 2, 8]);
    expect(widths(3, 5, true)).toEqual([8, 5, 8]);
  });

  test('off: every layer gets b', () => {
    expect(widths(4, 2, false)).toEqual([2, 2, 2, 2]);
  });

  test('a one-layer model: that layer is both first and last', () => {
    expect(widths(1, 3, true)).toEqual([8]);
    expect(widths(1, 3, false)).toEqual([3]);
  });

  test('two layers are both edges', () => {
    expect(widths(2, 4, true)).toEqual([8, 8]);
  });
});

describe('activationBits', () => {
  test("'float' is null (A32); a width as text is that number", () => {
    expect(activationBits('float')).toBeNull();
    expect(activationBits('4')).toBe(4);
    expect(activationBits('8')).toBe(8);
  });

  test('anything else throws a QuantError', () => {
    for (const value of ['1', '9', '4.5', '', 'eight', 'Float']) {
      expect(() => activationBits(value)).toThrowError(QuantError);
    }
  });
});

describe('ptqLabel', () => {
  test('W<b>A<b_a>, A32 when activations stay in float', () => {
    expect(ptqLabel(4, null)).toBe('W4A32');
    expect(ptqLabel(4, 4)).toBe('W4A4');
    expect(ptqLabel(8, 2)).toBe('W8A2');
    expect(ptqLabel(2, activationBits('float'))).toBe('W2A32');
  });

  test('a weight or activation width outside 2..8 throws', () => {
    expect(() => ptqLabel(9, null)).toThrowError(/bits/);
    expect(() => ptqLabel(4, 12)).toThrowError(/bits/);
  });
});
