import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uninstallFastCpuKernels } from '../../../src/engine/cpu-kernels/index';
import { compareWithStock, int, pick, randn, rng, runKernel, TOLERANCE } from './helpers';

/** Random NHWC-like shape and a broadcast partner of one of the patterns training produces. */
function shapePair(rand: () => number): [number[], number[]] {
  const full = [int(rand, 1, 5), int(rand, 1, 7), int(rand, 1, 7), int(rand, 1, 9)];
  const partner = pick(rand, [
    full, // same shape
    [full[3]], // channel vector
    [1, 1, 1, full[3]], // keepDims channel vector
    [full[0], 1, 1, full[3]], // global-pool gradient
    [], // scalar
    [1], // size-1 vector
    [full[2], full[3]], // trailing block
    [full[0], full[1], 1, 1], // middle broadcast
    [full[0], 1, full[2], 1], // alternating broadcast
  ]);
  return rand() < 0.5 ? [full, partner] : [partner, full];
}

const BINARY = [tf.Add, tf.Sub, tf.Multiply, tf.RealDiv, tf.SquaredDifference, tf.LessEqual];
const rand = rng(99);
const pairs = Array.from({ length: 24 }, () => shapePair(rand));

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => uninstallFastCpuKernels());

describe.each(BINARY)('%s', (kernel) => {
  it.each(pairs)('a%j with b%j matches stock exactly', (aShape, bShape) => {
    const [a, b] = [randn(aShape), randn(bShape)];
    const r = compareWithStock(kernel, () => runKernel(kernel, { a, b }, {}));
    expect(r.fast).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.dtype.fast).toBe(r.dtype.stock);
    expect(r.error).toBe(0);
    tf.dispose([a, b]);
  });

  it('handles NaN, Infinity and zero divisors like stock', () => {
    const a = tf.tensor([NaN, Infinity, -Infinity, 0, -0, 1, -2, 3]);
    const b = tf.tensor([1, Infinity, 2, 0, 0, NaN, -Infinity, 0]);
    const r = compareWithStock(kernel, () => runKernel(kernel, { a, b }, {}));
    expect(r.fast).toBe(1);
    expect(r.error).toBe(0);
    tf.dispose([a, b]);
  });

  it('int32 inputs go to the stock kernel', () => {
    const [a, b] = [tf.tensor([1, 2, 3], [3], 'int32'), tf.tensor([4, 5, 6], [3], 'int32')];
    const r = compareWithStock(kernel, () => runKernel(kernel, { a, b }, {}));
    expect(r.fallback).toBe(1);
    expect(r.error).toBe(0);
    tf.dispose([a, b]);
  });
});

describe.each([tf.Relu, tf.Relu6, tf.Step])('%s', (kernel) => {
  it('matches stock bit for bit, NaN, -0 and infinities included', () => {
    const special = [NaN, Infinity, -Infinity, 0, -0, 6, 6.5, -1e-30, 1e-30, 3e38, -3e38];
    const x = tf.concat([tf.tensor(special), randn([4000]).mul(5)]);
    const attrs = kernel === tf.Step ? { alpha: 0 } : {};
    const r = compareWithStock(kernel, () => runKernel(kernel, { x }, attrs));
    expect(r.fast).toBe(1);
    expect(r.error).toBe(0);
    x.dispose();
  });
});

describe('Step with a non-zero alpha', () => {
  it('matches stock', () => {
    const x = tf.tensor([NaN, -1, 0, 2]);
    const r = compareWithStock(tf.Step, () => runKernel(tf.Step, { x }, { alpha: 0.3 }));
    expect(r.fast).toBe(1);
    expect(r.error).toBe(0);
    x.dispose();
  });
});

const REDUCE_CASES: [number[], number | number[], boolean][] = [
  [[5, 6, 7, 8], [0, 1, 2], false],
  [[5, 6, 7, 8], [0, 1, 2], true],
  [[5, 6, 7, 8], [1, 2], false],
  [[5, 6, 7, 8], [-1], true],
  [[5, 6, 7, 8], 3, false],
  [[5, 6, 7, 8], [2, 1], false],
  [[5, 6, 7, 8], [0, 1, 2, 3], false],
  [[64, 10], 1, false],
  [[64, 10], 0, true],
  [[7], 0, false],
  [[5, 6, 7, 8], [0, 2], false], // not contiguous: stock
];

describe.each([tf.Sum, tf.Mean])('%s', (kernel) => {
  it.each(REDUCE_CASES)('x%j over %j keepDims=%s matches stock', (shape, axis, keepDims) => {
    const x = randn(shape);
    const r = compareWithStock(kernel, () => runKernel(kernel, { x }, { axis, keepDims }));
    const contiguous = !(Array.isArray(axis) && axis.join() === '0,2');
    expect(contiguous ? r.fast : r.fallback).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    x.dispose();
  });
});

describe('FusedBatchNorm', () => {
  const cases: [string, number[], number[], boolean, boolean][] = [
    ['channel vectors', [4, 5, 6, 7], [7], true, true],
    ['no scale or offset', [4, 5, 6, 7], [7], false, false],
    ['scalar statistics', [3, 4, 5], [], true, false],
    ['2-D input', [9, 3], [3], false, true],
  ];
  it.each(cases)('%s matches stock', (_, xShape, pShape, withScale, withOffset) => {
    const x = randn(xShape);
    const mean = randn(pShape);
    const variance = tf.abs(randn(pShape));
    const inputs: Record<string, tf.Tensor> = { x, mean, variance };
    if (withScale) inputs.scale = randn(pShape);
    if (withOffset) inputs.offset = randn(pShape);
    const attrs = { varianceEpsilon: 1e-3 };
    const r = compareWithStock(tf.FusedBatchNorm, () =>
      runKernel(tf.FusedBatchNorm, inputs, attrs),
    );
    expect(r.fast).toBe(1);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose(Object.values(inputs));
  });

  it('full-shape statistics go to the stock kernel', () => {
    const [x, mean, variance] = [randn([2, 3, 4]), randn([2, 3, 4]), tf.ones([2, 3, 4])];
    const r = compareWithStock(tf.FusedBatchNorm, () =>
      runKernel(tf.FusedBatchNorm, { x, mean, variance }, { varianceEpsilon: 1e-3 }),
    );
    expect(r.fallback).toBe(1);
    expect(r.error).toBe(0);
    tf.dispose([x, mean, variance]);
  });
});

describe('Tile', () => {
  const cases: [number[], number[]][] = [
    [
      [1, 1, 1, 8],
      [4, 5, 6, 1],
    ],
    [
      [2, 3],
      [3, 2],
    ],
    [
      [3, 1, 2],
      [1, 4, 1],
    ],
    [[5], [3]],
    [
      [2, 2, 2],
      [1, 1, 1],
    ],
    [
      [2, 3],
      [0, 2],
    ],
  ];
  it.each(cases)('x%j by %j matches stock exactly', (shape, reps) => {
    const x = randn(shape);
    const r = compareWithStock(tf.Tile, () => runKernel(tf.Tile, { x }, { reps }));
    expect(r.fast).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBe(0);
    x.dispose();
  });
});
