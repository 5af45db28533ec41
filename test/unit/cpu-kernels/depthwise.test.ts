import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uninstallFastCpuKernels } from '../../../src/engine/cpu-kernels/index';
import { compareWithStock, int, pick, randn, rng, runKernel, TOLERANCE } from './helpers';

interface DepthwiseCase {
  label: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: 'same' | 'valid' | number;
}

function makeCase(rand: () => number): DepthwiseCase {
  const kh = int(rand, 1, 5);
  const kw = int(rand, 1, 5);
  const inC = pick(rand, [1, 2, 3, 8, 16, 32]);
  const mult = pick(rand, [1, 1, 1, 2, 3]);
  const h = int(rand, kh, 17);
  const w = int(rand, kw, 17);
  const strides = pick(rand, [1, 2, 1, 2, [1, 2], [2, 1]] as const);
  const pad = pick(rand, ['same', 'valid', 1] as const);
  let batch = pick(rand, [1, 2, 5, 16, 64]);
  while (batch > 1 && batch * h * w * kh * kw * inC * mult > 400_000) batch = Math.ceil(batch / 2);
  const s = typeof strides === 'number' ? strides : strides.join('x');
  return {
    label: `x[${batch},${h},${w},${inC}] f[${kh},${kw},${inC},${mult}] s${s} ${pad}`,
    x: [batch, h, w, inC],
    filter: [kh, kw, inC, mult],
    strides: typeof strides === 'number' ? strides : [strides[0], strides[1]],
    pad,
  };
}

const rand = rng(7_777);
const cases: DepthwiseCase[] = [
  { label: '1x1 filter', x: [3, 6, 5, 8], filter: [1, 1, 8, 1], strides: 1, pad: 'same' },
  { label: '1x1 spatial', x: [2, 1, 1, 4], filter: [3, 3, 4, 2], strides: 1, pad: 'same' },
  { label: 'batch 1 stride 2', x: [1, 9, 9, 16], filter: [3, 3, 16, 1], strides: 2, pad: 'same' },
  ...Array.from({ length: 30 }, () => makeCase(rand)),
];

function attrs(c: DepthwiseCase) {
  return { strides: c.strides, pad: c.pad, dilations: 1, dataFormat: 'NHWC' };
}

function outShape(c: DepthwiseCase): number[] {
  return tf.tidy(() =>
    tf.depthwiseConv2d(
      tf.zeros(c.x) as tf.Tensor4D,
      tf.zeros(c.filter) as tf.Tensor4D,
      c.strides,
      c.pad,
    ),
  ).shape;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => uninstallFastCpuKernels());

describe.each(cases)('depthwise $label', (c) => {
  it('DepthwiseConv2dNative matches stock', () => {
    const [x, w] = [randn(c.x), randn(c.filter)];
    const r = compareWithStock(tf.DepthwiseConv2dNative, () =>
      runKernel(tf.DepthwiseConv2dNative, { x, filter: w }, attrs(c)),
    );
    expect(r.fast).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, w]);
  });

  it('DepthwiseConv2dNativeBackpropFilter matches stock', () => {
    const [x, dy] = [randn(c.x), randn(outShape(c))];
    const r = compareWithStock(tf.DepthwiseConv2dNativeBackpropFilter, () =>
      runKernel(
        tf.DepthwiseConv2dNativeBackpropFilter,
        { x, dy },
        { ...attrs(c), filterShape: c.filter },
      ),
    );
    expect(r.fast).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, dy]);
  });

  it('DepthwiseConv2dNativeBackpropInput matches stock', () => {
    const [dy, w] = [randn(outShape(c)), randn(c.filter)];
    const r = compareWithStock(tf.DepthwiseConv2dNativeBackpropInput, () =>
      runKernel(
        tf.DepthwiseConv2dNativeBackpropInput,
        { dy, filter: w },
        { ...attrs(c), inputShape: c.x },
      ),
    );
    expect(r.fast).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([dy, w]);
  });
});

describe('depthwise fallbacks still match stock', () => {
  it('dilation 2 goes to the stock kernel', () => {
    const [x, w] = [randn([2, 9, 9, 4]), randn([3, 3, 4, 2])];
    const a = { strides: 1, pad: 'same', dilations: 2, dataFormat: 'NHWC' };
    const r = compareWithStock(tf.DepthwiseConv2dNative, () =>
      runKernel(tf.DepthwiseConv2dNative, { x, filter: w }, a),
    );
    expect(r.fallback).toBe(1);
    expect(r.error).toBe(0);
    tf.dispose([x, w]);
  });

  it('a rounding mode goes to the stock backprop-input kernel', () => {
    const [dy, w] = [randn([2, 5, 5, 4]), randn([3, 3, 4, 1])];
    const a = {
      strides: 2,
      pad: 1,
      dilations: 1,
      dimRoundingMode: 'ceil',
      inputShape: [2, 8, 8, 4],
    };
    const r = compareWithStock(tf.DepthwiseConv2dNativeBackpropInput, () =>
      runKernel(tf.DepthwiseConv2dNativeBackpropInput, { dy, filter: w }, a),
    );
    expect(r.fallback).toBe(1);
    expect(r.error).toBe(0);
    tf.dispose([dy, w]);
  });
});
