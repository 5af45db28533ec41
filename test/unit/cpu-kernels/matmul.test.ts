import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uninstallFastCpuKernels } from '../../../src/engine/cpu-kernels/index';
import { compareWithStock, randn, runKernel, TOLERANCE } from './helpers';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => uninstallFastCpuKernels());

/** [a shape, b shape, transposeA, transposeB] */
const CASES: [number[], number[], boolean, boolean][] = [
  [[64, 784], [784, 10], false, false], // dense forward
  [[64, 10], [784, 10], false, true], // dense input gradient
  [[64, 784], [64, 10], true, false], // dense weight gradient
  [[7, 5], [3, 7], true, true],
  [[1, 1], [1, 1], false, false],
  [[9, 13], [13, 6], false, false],
  [[3, 6, 5], [3, 5, 4], false, false], // batched
  [[3, 5, 6], [3, 4, 5], true, true],
  [[6, 5], [2, 5, 7], false, false], // A broadcast over the batch
  [[1, 6, 5], [4, 5, 3], false, false],
  [[2, 6, 5], [5, 3], false, false], // B broadcast over the batch
];

describe('BatchMatMul', () => {
  it.each(CASES)(
    'a%j x b%j (transposeA %s, transposeB %s) matches stock',
    (aShape, bShape, ta, tb) => {
      const [a, b] = [randn(aShape), randn(bShape)];
      const attrs = { transposeA: ta, transposeB: tb };
      const r = compareWithStock(tf.BatchMatMul, () => runKernel(tf.BatchMatMul, { a, b }, attrs));
      expect(r.fast).toBe(1);
      expect(r.shape.fast).toEqual(r.shape.stock);
      expect(r.error).toBeLessThanOrEqual(TOLERANCE);
      tf.dispose([a, b]);
    },
  );

  it('mixed batch broadcasting and int32 go to the stock kernel', () => {
    const [a, b] = [randn([2, 1, 3, 4]), randn([3, 4, 5])];
    const attrs = { transposeA: false, transposeB: false };
    const mixed = compareWithStock(tf.BatchMatMul, () =>
      runKernel(tf.BatchMatMul, { a, b }, attrs),
    );
    expect(mixed.fallback).toBe(1);
    expect(mixed.error).toBe(0);
    const [ia, ib] = [tf.ones([2, 3], 'int32'), tf.ones([3, 2], 'int32')];
    const ints = compareWithStock(tf.BatchMatMul, () =>
      runKernel(tf.BatchMatMul, { a: ia, b: ib }, attrs),
    );
    expect(ints.fallback).toBe(1);
    expect(ints.error).toBe(0);
    tf.dispose([a, b, ia, ib]);
  });
});
