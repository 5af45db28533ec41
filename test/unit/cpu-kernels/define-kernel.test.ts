import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { defineKernel, type Operand } from '../../../src/engine/cpu-kernels/define-kernel';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** What `compute` last received, so a test can check what the factory passed on. */
let seen: { a: Operand; b?: Operand; attrs: { k: number } } | null = null;

const kernel = defineKernel({
  name: 'TestKernel',
  inputs: ['a'],
  optional: ['b'],
  compute({ a, b }, attrs: { k: number }) {
    seen = { a, b, attrs };
    if (attrs.k < 0) return null;
    return { shape: a.shape, values: a.values.map((v) => v * attrs.k) };
  },
});

/** Runs the kernel on the CPU backend; the output's values, or null when it declined. */
function run(inputs: Record<string, tf.Tensor>, k = 2): Float32Array | null {
  const backend = tf.backend();
  const out = kernel.run({ inputs, backend, attrs: { k } });
  if (out === null) return null;
  expect(out.dtype).toBe('float32');
  const values = tf.engine().makeTensorFromTensorInfo(out).dataSync();
  return Float32Array.from(values);
}

describe('defineKernel', () => {
  it('passes float32 operands and typed attrs to compute and wraps its output', () => {
    const a = tf.tensor2d([1, 2, 3, 4], [2, 2]);
    expect(kernel.kernelName).toBe('TestKernel');
    expect(run({ a })).toEqual(Float32Array.of(2, 4, 6, 8));
    expect(seen?.a.shape).toEqual([2, 2]);
    expect(seen?.b).toBeUndefined();
    expect(seen?.attrs.k).toBe(2);
    a.dispose();
  });

  it('passes an optional input on when it is present and float32', () => {
    const [a, b] = [tf.tensor1d([1]), tf.tensor1d([5])];
    expect(run({ a, b })).toEqual(Float32Array.of(2));
    expect(seen?.b?.values).toEqual(Float32Array.of(5));
    tf.dispose([a, b]);
  });

  it('declines without calling compute when an input is missing or not float32', () => {
    const [int, a] = [tf.tensor1d([1], 'int32'), tf.tensor1d([1])];
    seen = null;
    expect(run({})).toBeNull();
    expect(run({ a: int })).toBeNull();
    expect(run({ a, b: int })).toBeNull();
    expect(seen).toBeNull();
    tf.dispose([int, a]);
  });

  it('declines when compute declines', () => {
    const a = tf.tensor1d([1]);
    expect(run({ a }, -1)).toBeNull();
    a.dispose();
  });
});
