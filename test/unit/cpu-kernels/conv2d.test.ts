import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uninstallFastCpuKernels } from '../../../src/engine/cpu-kernels/index';
import { compareWithStock, int, pick, randn, rng, runKernel, TOLERANCE } from './helpers';

type Pad = 'same' | 'valid' | number | [[0, 0], [number, number], [number, number], [0, 0]];

interface ConvCase {
  label: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
}

/** Stock Conv2DBackpropFilter runs ~10 M multiply-adds/s: keep every case well below that. */
const MAX_MACS = 250_000;

function makeCase(rand: () => number): ConvCase {
  const kh = int(rand, 1, 5);
  const kw = int(rand, 1, 5);
  const inC = pick(rand, [1, 2, 3, 5, 8, 16, 32]);
  const outC = pick(rand, [1, 3, 4, 8, 13, 16, 32]);
  const h = int(rand, Math.max(kh, 1), 15);
  const w = int(rand, Math.max(kw, 1), 15);
  const strides = pick(rand, [1, 1, 2, 2, [1, 2], [2, 1], 3] as const);
  const pad = pick(rand, [
    'same',
    'same',
    'valid',
    'valid',
    1,
    [
      [0, 0],
      [1, 0],
      [0, 2],
      [0, 0],
    ],
  ] as const);
  let batch = pick(rand, [1, 2, 3, 7, 16, 64]);
  while (batch > 1 && batch * h * w * kh * kw * inC * outC > MAX_MACS) batch = Math.ceil(batch / 2);
  const s = typeof strides === 'number' ? strides : strides.join('x');
  return {
    label: `x[${batch},${h},${w},${inC}] f[${kh},${kw},${inC},${outC}] s${s} ${JSON.stringify(pad)}`,
    x: [batch, h, w, inC],
    filter: [kh, kw, inC, outC],
    strides: typeof strides === 'number' ? strides : [strides[0], strides[1]],
    pad: pad as Pad,
  };
}

const rand = rng(20240611);
const randomCases = Array.from({ length: 40 }, () => makeCase(rand));
const edgeCases: ConvCase[] = [
  { label: '1x1 filter', x: [5, 7, 9, 6], filter: [1, 1, 6, 4], strides: 1, pad: 'same' },
  { label: '1x1 filter stride 2', x: [2, 7, 9, 6], filter: [1, 1, 6, 4], strides: 2, pad: 'valid' },
  { label: '1x1 spatial', x: [3, 1, 1, 5], filter: [1, 1, 5, 7], strides: 1, pad: 'valid' },
  { label: '1x1 spatial 3x3 same', x: [3, 1, 1, 5], filter: [3, 3, 5, 7], strides: 1, pad: 'same' },
  { label: 'batch 1', x: [1, 9, 9, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'same' },
  { label: 'small CNN conv1', x: [64, 28, 28, 1], filter: [3, 3, 1, 8], strides: 1, pad: 'same' },
  { label: 'filter = input', x: [4, 5, 5, 2], filter: [5, 5, 2, 3], strides: 1, pad: 'valid' },
];
const cases = [...edgeCases, ...randomCases];

function convAttrs(c: ConvCase) {
  return { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dilations: 1 };
}

function outShape(c: ConvCase): number[] {
  return tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad).outShape;
}

beforeAll(async () => {
  await tf.setBackend('cpu');
});
afterAll(() => uninstallFastCpuKernels());

describe.each(cases)('conv2d $label', (c) => {
  it('Conv2D matches stock', () => {
    const [x, w] = [randn(c.x), randn(c.filter)];
    const r = compareWithStock(tf.Conv2D, () =>
      runKernel(tf.Conv2D, { x, filter: w }, convAttrs(c)),
    );
    expect(r.fast).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, w]);
  });

  it('Conv2DBackpropFilter matches stock', () => {
    const [x, dy] = [randn(c.x), randn(outShape(c))];
    const attrs = { ...convAttrs(c), filterShape: c.filter };
    const r = compareWithStock(tf.Conv2DBackpropFilter, () =>
      runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs),
    );
    expect(r.fast).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, dy]);
  });

  it('Conv2DBackpropInput matches stock', () => {
    const [dy, w] = [randn(outShape(c)), randn(c.filter)];
    const attrs = { ...convAttrs(c), inputShape: c.x };
    const r = compareWithStock(tf.Conv2DBackpropInput, () =>
      runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, attrs),
    );
    expect(r.fast).toBe(1);
    expect(r.shape.fast).toEqual(r.shape.stock);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([dy, w]);
  });
});

describe('conv2d fallbacks still match stock', () => {
  it('dilation 2 goes to the stock Conv2D', () => {
    const [x, w] = [randn([2, 9, 9, 3]), randn([3, 3, 3, 4])];
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 2 };
    const r = compareWithStock(tf.Conv2D, () => runKernel(tf.Conv2D, { x, filter: w }, attrs));
    expect(r.fallback).toBe(1);
    expect(r.fast).toBe(0);
    expect(r.error).toBe(0);
    tf.dispose([x, w]);
  });

  it('NCHW goes to the stock Conv2D', () => {
    const [x, w] = [randn([2, 3, 8, 7]), randn([3, 3, 3, 4])];
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NCHW', dilations: 1 };
    const r = compareWithStock(tf.Conv2D, () => runKernel(tf.Conv2D, { x, filter: w }, attrs));
    expect(r.fallback).toBe(1);
    expect(r.error).toBe(0);
    tf.dispose([x, w]);
  });

  it('a rounding mode goes to the stock Conv2DBackpropFilter', () => {
    const [x, dy] = [randn([2, 8, 8, 3]), randn([2, 5, 5, 4])];
    const attrs = {
      strides: 2,
      pad: 1,
      dataFormat: 'NHWC',
      dimRoundingMode: 'ceil',
      filterShape: [3, 3, 3, 4],
    };
    const r = compareWithStock(tf.Conv2DBackpropFilter, () =>
      runKernel(tf.Conv2DBackpropFilter, { x, dy }, attrs),
    );
    expect(r.fallback).toBe(1);
    expect(r.error).toBe(0);
    tf.dispose([x, dy]);
  });

  it('int32 inputs go to the stock Conv2D', () => {
    const x = tf.ones([1, 4, 4, 2], 'int32');
    const w = tf.ones([2, 2, 2, 3], 'int32');
    const attrs = { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1 };
    const r = compareWithStock(tf.Conv2D, () => runKernel(tf.Conv2D, { x, filter: w }, attrs));
    expect(r.fallback).toBe(1);
    expect(r.error).toBe(0);
    tf.dispose([x, w]);
  });
});

describe('FusedConv2D', () => {
  const cases: [string, number[] | null, 'linear' | 'relu' | 'relu6'][] = [
    ['channel bias + relu', [6], 'relu'],
    ['scalar bias + relu6', [], 'relu6'],
    ['no bias, linear', null, 'linear'],
    ['[1,1,1,C] bias + relu6', [1, 1, 1, 6], 'relu6'],
  ];
  it.each(cases)('%s matches stock', (_, biasShape, activation) => {
    const x = randn([3, 9, 8, 4]).mul(3);
    const w = randn([3, 3, 4, 6]);
    const inputs: Record<string, tf.Tensor> = { x, filter: w };
    if (biasShape) inputs.bias = randn(biasShape);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', dilations: 1, activation };
    const r = compareWithStock(tf.FusedConv2D, () => runKernel(tf.FusedConv2D, inputs, attrs));
    expect(r.fast).toBe(1);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, ...Object.values(inputs)]);
  });

  it('prelu and non-channel biases go to the stock kernel', () => {
    const [x, w, b, alpha] = [
      randn([2, 5, 5, 3]),
      randn([3, 3, 3, 4]),
      randn([5, 1, 4]),
      randn([4]),
    ];
    const attrs = {
      strides: 1,
      pad: 'same',
      dataFormat: 'NHWC',
      dilations: 1,
      activation: 'prelu',
    };
    const prelu = compareWithStock(tf.FusedConv2D, () =>
      runKernel(tf.FusedConv2D, { x, filter: w, preluActivationWeights: alpha }, attrs),
    );
    expect(prelu.fallback).toBe(1);
    expect(prelu.error).toBe(0);
    const relu = { ...attrs, activation: 'relu' };
    const spatialBias = compareWithStock(tf.FusedConv2D, () =>
      runKernel(tf.FusedConv2D, { x, filter: w, bias: b }, relu),
    );
    expect(spatialBias.fallback).toBe(1);
    expect(spatialBias.error).toBe(0);
    tf.dispose([x, w, b, alpha]);
  });

  it('tf.fused.conv2d trains through the fast kernels (linear: fused under a tape)', () => {
    const x = randn([2, 6, 6, 3]) as tf.Tensor4D;
    const w = randn([3, 3, 3, 4]) as tf.Tensor4D;
    const b = randn([4]) as tf.Tensor1D;
    const loss = (f: tf.Tensor, bias: tf.Tensor) =>
      tf.fused
        .conv2d({
          x,
          filter: f as tf.Tensor4D,
          bias,
          activation: 'linear',
          pad: 'same',
          strides: 1,
        })
        .square()
        .sum();
    const grads = tf.grads(loss);
    const r = compareWithStock(tf.FusedConv2D, () =>
      tf.concat(grads([w, b]).map((g) => g.flatten())),
    );
    expect(r.fast).toBe(1);
    expect(r.error).toBeLessThanOrEqual(TOLERANCE);
    tf.dispose([x, w, b]);
  });
});
