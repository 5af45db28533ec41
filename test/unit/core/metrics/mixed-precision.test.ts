import { describe, expect, test } from 'vitest';
import { mixedPrecisionHint } from '../../../../src/core/metrics/mixed-precision';

const layers = [
  { name: 'conv1', accuracy: 0.9 }, // drop 0.08
  { name: 'conv2', accuracy: 0.97 }, // drop 0.01
  { name: 'dense', accuracy: 0.95 }, // drop 0.03
];

describe('mixed-precision hint', () => {
  test('keeps the most sensitive layers at 8 bit until the drops left fit the budget', () => {
    // Drops 0.08 + 0.01 + 0.03 = 0.12; keeping conv1 leaves 0.04, then dense leaves 0.01.
    expect(mixedPrecisionHint(0.98, layers, 0.05)).toEqual({
      keep: ['conv1'],
      estimatedDrop: expect.closeTo(0.04, 12),
    });
    const tight = mixedPrecisionHint(0.98, layers, 0.02);
    expect(tight.keep).toEqual(['conv1', 'dense']);
    expect(tight.estimatedDrop).toBeCloseTo(0.01, 12);
  });

  test('a budget the drops already fit keeps nothing; a zero budget keeps every layer that drops', () => {
    expect(mixedPrecisionHint(0.98, layers, 0.2)).toEqual({
      keep: [],
      estimatedDrop: expect.closeTo(0.12, 12),
    });
    const gains = [...layers, { name: 'fc2', accuracy: 0.99 }]; // above float: no drop
    expect(mixedPrecisionHint(0.98, gains, 0).keep).toEqual(['conv1', 'dense', 'conv2']);
  });
});
