import * as tf from '@tensorflow/tfjs';
import type { ForwardHooks, ForwardMode, Model, WeightLayer } from './model';

/**
 * Building blocks over explicit tf.Variables. Initialisers are seeded, so a seed fixes the model.
 * Convolution kernels use the TF.js layout [kh, kw, in, out].
 */

import { BN_MOMENTUM, BN_EPSILON } from './layer-constants';

export { BN_MOMENTUM, BN_EPSILON };

/** Variables get tfjs' unique auto-names; `name` is the layer's label in the lab. */
export interface ConvParams extends WeightLayer {
  kernel: tf.Variable<tf.Rank.R4>;
  stride: number;
}

export interface BatchNormParams {
  name: string;
  /** Running-statistics momentum m: `r <- m r + (1 - m) batch` (the recipe's `bnMomentum`). */
  momentum: number;
  gamma: tf.Variable<tf.Rank.R1>;
  beta: tf.Variable<tf.Rank.R1>;
  movingMean: tf.Variable<tf.Rank.R1>;
  movingVariance: tf.Variable<tf.Rank.R1>;
}

export interface DenseParams extends WeightLayer {
  kernel: tf.Variable<tf.Rank.R2>;
  bias: tf.Variable<tf.Rank.R1>;
}

/** He-normal conv kernel (suits ReLU), no bias: batch norm follows every conv. */
export function createConv(
  name: string,
  index: number,
  size: number,
  inChannels: number,
  outChannels: number,
  seed: number,
  stride = 1,
): ConvParams {
  const std = Math.sqrt(2 / (size * size * inChannels));
  const init = tf.randomNormal<tf.Rank.R4>(
    [size, size, inChannels, outChannels],
    0,
    std,
    'float32',
    seed,
  );
  return { name, index, kind: 'conv2d', kernel: variableFrom(init, true), stride };
}

/**
 * A variable holding `init`'s values. The initial tensor is disposed: `tf.variable` keeps its own
 * reference to the data, so without this every model would leave one tensor per variable behind.
 */
function variableFrom<R extends tf.Rank>(init: tf.Tensor<R>, trainable: boolean): tf.Variable<R> {
  const v = tf.variable(init, trainable);
  init.dispose();
  return v;
}

/**
 * Seed for the initialiser of the weight layer at `index` of a model built with `seed`. Distinct
 * (seed, index) pairs give distinct seeds for index < 1000, so neighbouring model seeds never
 * share a layer's random stream (as `seed + index` would: seed 1 layer 1 = seed 2 layer 0).
 */
export function layerSeed(seed: number, index: number): number {
  return seed * 1000 + index;
}

/** The kernel and input a hooked forward pass uses for `layer`. */
export function hooked<X extends tf.Tensor, K extends tf.Tensor>(
  layer: WeightLayer,
  x: X,
  kernel: K,
  hooks: ForwardHooks | undefined,
): [X, K] {
  const input = hooks?.input ? (hooks.input(layer, x) as X) : x;
  const weight = hooks?.weight ? (hooks.weight(layer, kernel) as K) : kernel;
  return [input, weight];
}

export function applyConv(x: tf.Tensor4D, p: ConvParams, hooks?: ForwardHooks): tf.Tensor4D {
  const [input, kernel] = hooked(p, x, p.kernel as tf.Tensor4D, hooks);
  return tf.conv2d(input, kernel, p.stride, 'same');
}

export function createBatchNorm(name: string, channels: number): BatchNormParams {
  return {
    name,
    momentum: BN_MOMENTUM,
    gamma: variableFrom(tf.ones<tf.Rank.R1>([channels]), true),
    beta: variableFrom(tf.zeros<tf.Rank.R1>([channels]), true),
    movingMean: variableFrom(tf.zeros<tf.Rank.R1>([channels]), false),
    movingVariance: variableFrom(tf.ones<tf.Rank.R1>([channels]), false),
  };
}

/**
 * Batch norm over N, H, W. In train mode it normalises with the batch's moments and moves the
 * running averages toward them (an assign, outside the gradient); in eval mode it uses the averages.
 */
export function applyBatchNorm(
  x: tf.Tensor4D,
  p: BatchNormParams,
  mode: 'train' | 'eval',
): tf.Tensor4D {
  if (mode === 'eval') {
    return tf.batchNorm4d(x, p.movingMean, p.movingVariance, p.beta, p.gamma, BN_EPSILON);
  }
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  p.movingMean.assign(tf.tidy(() => ema(p.movingMean, mean, p.momentum)));
  p.movingVariance.assign(tf.tidy(() => ema(p.movingVariance, variance, p.momentum)));
  return tf.batchNorm4d(
    x,
    mean as tf.Tensor1D,
    variance as tf.Tensor1D,
    p.beta,
    p.gamma,
    BN_EPSILON,
  );
}

function ema(average: tf.Tensor, value: tf.Tensor, momentum: number): tf.Tensor1D {
  return tf.add(tf.mul(average, momentum), tf.mul(value, 1 - momentum));
}

/** Glorot-uniform dense layer with a zero bias. */
export function createDense(
  name: string,
  index: number,
  inputs: number,
  outputs: number,
  seed: number,
): DenseParams {
  const limit = Math.sqrt(6 / (inputs + outputs));
  const init = tf.randomUniform<tf.Rank.R2>([inputs, outputs], -limit, limit, 'float32', seed);
  return {
    name,
    index,
    kind: 'dense',
    kernel: variableFrom(init, true),
    bias: variableFrom(tf.zeros<tf.Rank.R1>([outputs]), true),
  };
}

export function applyDense(x: tf.Tensor2D, p: DenseParams, hooks?: ForwardHooks): tf.Tensor2D {
  const [input, kernel] = hooked(p, x, p.kernel as tf.Tensor2D, hooks);
  return tf.add(tf.matMul(input, kernel), p.bias);
}

/**
 * He-normal depthwise kernel [size, size, channels, 1] (channel multiplier 1), no bias. Its fan-in
 * is size * size: each output channel sees one input channel.
 */
export function createDepthwise(
  name: string,
  index: number,
  size: number,
  channels: number,
  seed: number,
  stride = 1,
): ConvParams {
  const std = Math.sqrt(2 / (size * size));
  const init = tf.randomNormal<tf.Rank.R4>([size, size, channels, 1], 0, std, 'float32', seed);
  return { name, index, kind: 'depthwise', kernel: variableFrom(init, true), stride };
}

/** Depthwise conv with 'same' padding; output [batch, ceil(h / stride), ceil(w / stride), C]. */
export function applyDepthwise(x: tf.Tensor4D, p: ConvParams, hooks?: ForwardHooks): tf.Tensor4D {
  const [input, kernel] = hooked(p, x, p.kernel as tf.Tensor4D, hooks);
  return tf.depthwiseConv2d(input, kernel, p.stride, 'same');
}

/** Mean over height and width: [batch, h, w, C] -> [batch, C]. */
export function globalAveragePool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]);
}

/** A conv (kind 'conv2d' or 'depthwise') and the batch norm that follows it. */
export interface ConvBn {
  conv: ConvParams;
  bn: BatchNormParams;
}

/** The conv of `unit` (by its kind), then its batch norm; no activation. */
export function applyConvBn(
  x: tf.Tensor4D,
  unit: ConvBn,
  mode: ForwardMode,
  hooks?: ForwardHooks,
): tf.Tensor4D {
  const z =
    unit.conv.kind === 'depthwise'
      ? applyDepthwise(x, unit.conv, hooks)
      : applyConv(x, unit.conv, hooks);
  return applyBatchNorm(z, unit.bn, mode);
}

/**
 * Creates conv-BN units in forward order: each unit's index is its position in `units`, and its
 * seed is `layerSeed(seed, index)`. Building a model in forward order thus numbers its layers.
 */
export interface ConvBnBuilder {
  /** The units made so far, in creation (= forward) order. */
  readonly units: ConvBn[];
  /** A size x size conv from `inC` to `outC` channels, then BN. */
  conv(name: string, size: number, inC: number, outC: number, stride: number): ConvBn;
  /** A size x size depthwise conv over `channels` channels, then BN. */
  depthwise(name: string, size: number, channels: number, stride: number): ConvBn;
}

/** A builder whose units draw their initial weights from `seed`. */
export function convBnBuilder(seed: number): ConvBnBuilder {
  const units: ConvBn[] = [];
  const add = (conv: ConvParams, channels: number): ConvBn => {
    const unit = { conv, bn: createBatchNorm(`${conv.name}/bn`, channels) };
    conv.bn = unit.bn;
    units.push(unit);
    return unit;
  };
  return {
    units,
    conv: (name, size, inC, outC, stride) =>
      add(
        createConv(name, units.length, size, inC, outC, layerSeed(seed, units.length), stride),
        outC,
      ),
    depthwise: (name, size, channels, stride) =>
      add(
        createDepthwise(name, units.length, size, channels, layerSeed(seed, units.length), stride),
        channels,
      ),
  };
}

/**
 * The Model record for a network of conv-BN `units` (in forward order) and a dense `head` (the
 * last layer). Trainable order: each unit's kernel, gamma, beta, then the head's kernel and bias.
 */
export function convBnModel(
  name: string,
  units: readonly ConvBn[],
  head: DenseParams,
  apply: Model['apply'],
): Model {
  const layers = [...units.map((u) => u.conv), head];
  if (layers.some((layer, i) => layer.index !== i)) {
    throw new Error(`${name}: layer indices must be 0..${layers.length - 1} in forward order`);
  }
  const trainable = [
    ...units.flatMap((u) => [u.conv.kernel, u.bn.gamma, u.bn.beta]),
    head.kernel,
    head.bias,
  ];
  const stats = units.flatMap((u) => [u.bn.movingMean, u.bn.movingVariance]);
  return {
    name,
    layers,
    trainable,
    apply,
    parameterCount: () => trainable.reduce((n, v) => n + v.size, 0),
    dispose: () => [...trainable, ...stats].forEach((v) => v.dispose()),
  };
}
