import { describe, expect, test } from 'vitest';
import { channelsOf, kernelPosition } from '../../../../src/core/metrics/kernel-position';

describe('kernelPosition', () => {
  test('conv2d [kh, kw, in, out]: the channel is the output channel', () => {
    // Row-major [2, 2, 3, 4]: index = ((h * 2 + w) * 3 + i) * 4 + o.
    const index = ((1 * 2 + 0) * 3 + 2) * 4 + 3;
    expect(kernelPosition([2, 2, 3, 4], 'conv2d', index)).toEqual({
      channel: 3,
      coords: [1, 0, 2, 3],
    });
    expect(channelsOf([2, 2, 3, 4], 'conv2d')).toBe(4);
  });

  test('depthwise [kh, kw, in, m]: the channel is the (in, multiplier) pair, flattened', () => {
    const index = ((2 * 3 + 1) * 5 + 4) * 2 + 1;
    expect(kernelPosition([3, 3, 5, 2], 'depthwise', index)).toEqual({
      channel: 4 * 2 + 1,
      coords: [2, 1, 4, 1],
    });
    expect(channelsOf([3, 3, 5, 2], 'depthwise')).toBe(10);
  });

  test('dense [in, out]: the channel is the output unit; a bad index or shape throws', () => {
    expect(kernelPosition([7, 10], 'dense', 7 * 10 - 1)).toEqual({ channel: 9, coords: [6, 9] });
    expect(() => kernelPosition([7, 10], 'dense', 70)).toThrow(/outside a kernel of 70/);
    expect(() => kernelPosition([7, 10], 'dense', 1.5)).toThrow();
    expect(() => kernelPosition([7, 10, 1], 'dense', 0)).toThrow(/rank 2/);
  });
});
