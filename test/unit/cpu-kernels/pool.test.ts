import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uninstallFastCpuKernels } from '../../../src/engine/cpu-kernels/index';
import { compareWithStock, int, pick, rng, runKernel } from './helpers';

interface PoolCase {
  label: string;
  x: [number, number, number, number];
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
}

function makeCase(rand: () => number): PoolCase {
  const fh = int(rand, 1, 3);
  const fw = int(rand, 1, 3);
  const s = pick(rand, [1, 2, 2, 3]);
  const pad = pick(rand, ['same', 'valid', 'valid', 1] as const);
  const x: PoolCase['x'] = [
    pick(rand, [1, 2, 8, 32]),
    int(rand, fh + 1, 15),
    int(rand, fw + 1, 15),
    pick(rand, [1, 3, 8, 16]),
  ];
  return { label: `x[${x}] f${fh}x${fw} s${s} ${pad}`, x, filterSize: [fh, fw], strides: s, pad };
}

/**
 * Integer-valued data, so windows are full of ties (which input gets the gradient depends on
 * the scan order), salted with NaN and +-Infinity, the cases where max semantics differ.
 */
function tiedData(shape: number[], seed: number): tf.Tensor {
  const rand = rng(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  const special = [NaN, Infinity, -Infinity];
  const values = Float32Array.from({ length: size }, () =>
    rand() < 0.03 ? pick(rand, special) : Math.max(0, int(rand, -3, 3)),
  );
  return tf.tensor(values, shape, 'float32');
}

const rand = rng(4242);
const cases: PoolCase[] = [
  { label: 'small CNN pool', x: [64, 28, 28, 8], filterSize: 2, strides: 2, pad: 'valid' },
  { label: '3x3 stride 1 same', x: [2, 7, 6, 5], filterSize: 3, strides: 1, pad: 'same' },
  { label: '1x1 spatial', x: [3, 1, 1, 4], filterSize: 2, strides: 2, pad: 'same' },
  ...Array.from({ length: 30 }, () => makeCase(rand)),
];

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => uninstallFastCpuKernels());

describe.each(cases)('maxPool $label', (c) => {
  const attrs = { filterSize: c.filterSize, strides: c.strides, pad: c.pad };

  it('MaxPool matches stock (ties, NaN, Infinity)', () => {
    const x = tiedData(c.x, 1);
    const r = compareWithStock(tf.MaxPool, () => runKernel(tf.MaxPool, { x }, attrs));
    expect(r.fast + r.fallback).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBe(0);
    x.dispose();
  });

  it('MaxPoolGrad matches stock (gradient to the first maximum)', () => {
    const x = tiedData(c.x, 2);
    const y = runKernel(tf.MaxPool, { x }, attrs);
    const dy = tf.randomNormal(y.shape, 0, 1, 'float32', 3);
    const r = compareWithStock(tf.MaxPoolGrad, () =>
      runKernel(tf.MaxPoolGrad, { dy, input: x, output: y }, attrs),
    );
    expect(r.fast).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBeLessThanOrEqual(1e-6);
    tf.dispose([x, y, dy]);
  });
});

describe('maxPool fallbacks', () => {
  it('a 1x1 identity pool goes to the stock kernel', () => {
    const x = tiedData([2, 4, 4, 3], 5);
    const attrs = { filterSize: 1, strides: 1, pad: 'valid' };
    const r = compareWithStock(tf.MaxPool, () => runKernel(tf.MaxPool, { x }, attrs));
    expect(r.fallback).toBe(1);
    expect(r.error).toBe(0);
    x.dispose();
  });

  it('a rounding mode goes to the stock kernel', () => {
    const x = tiedData([2, 7, 7, 3], 6);
    const attrs = { filterSize: 2, strides: 2, pad: 1, dimRoundingMode: 'ceil' };
    const r = compareWithStock(tf.MaxPool, () => runKernel(tf.MaxPool, { x }, attrs));
    expect(r.fallback).toBe(1);
    expect(r.error).toBe(0);
    x.dispose();
  });
});
