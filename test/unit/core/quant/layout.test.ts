// TF.js kernel layouts and per-channel reduction axes (methods.md 1.2).
import { describe, expect, test } from 'vitest';
import { channelCount, paramShape, reduceAxes } from '../../../../src/core/quant/layout';

describe('reduceAxes', () => {
  test('conv2d [kh, kw, in, out]: channel axis last, reduce 0, 1, 2', () => {
    expect(reduceAxes([3, 3, 8, 16], 'per-channel', 'conv2d')).toEqual([0, 1, 2]);
    expect(paramShape([3, 3, 8, 16], [0, 1, 2])).toEqual([1, 1, 1, 16]);
    expect(channelCount([3, 3, 8, 16], [0, 1, 2])).toBe(16);
  });

  test('dense [in, out]: reduce axis 0', () => {
    expect(reduceAxes([128, 10], 'per-channel', 'dense')).toEqual([0]);
    expect(channelCount([128, 10], [0])).toBe(10);
  });

  test('depthwise [kh, kw, in, mult]: reduce 0, 1 only, so in * mult channels', () => {
    expect(reduceAxes([3, 3, 8, 2], 'per-channel', 'depthwise')).toEqual([0, 1]);
    expect(paramShape([3, 3, 8, 2], [0, 1])).toEqual([1, 1, 8, 2]);
    expect(channelCount([3, 3, 8, 2], [0, 1])).toBe(16); // 8 * 2
  });

  test('per-tensor reduces every axis and needs no kind', () => {
    expect(reduceAxes([3, 3, 8, 2], 'per-tensor')).toEqual([0, 1, 2, 3]);
    expect(channelCount([3, 3, 8, 2], [0, 1, 2, 3])).toBe(1);
  });

  test('bad input: per-channel without a kind, or a rank that does not fit the kind', () => {
    expect(() => reduceAxes([4, 4], 'per-channel')).toThrowError(/layer kind/);
    expect(() => reduceAxes([4, 4], 'per-channel', 'conv2d')).toThrowError(/rank 4/);
    expect(() => reduceAxes([3, 3, 4, 4], 'per-channel', 'dense')).toThrowError(/rank 2/);
  });
});
