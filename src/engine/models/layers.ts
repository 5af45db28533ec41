import * as tf from '@tensorflow/tfjs';
import type { ForwardHooks, WeightLayer } from './model';

/**
 * Building blocks over explicit tf.Variables. Initialisers are seeded, so a seed fixes the model.
 * Convolution kernels use the TF.js layout [kh, kw, in, out].
 */

/** BN momentum for running statistics. [LAB] 0.9 rather than Keras' 0.99: short lab runs evaluate
 * after tens of steps, when 0.99 averages would still be dominated by their initial values. */
export const BN_MOMENTUM = 0.9;
export const BN_EPSILON = 1e-3;

/** Variables get tfjs' unique auto-names; `name` is the layer's label in the lab. */
export interface ConvParams extends WeightLayer {
  kernel: tf.Variable<tf.Rank.R4>;
  stride: number;
}

export interface BatchNormParams {
  name: string;
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
  return { name, index, kind: 'conv2d', kernel: tf.variable(init, true), stride };
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
    gamma: tf.variable(tf.ones<tf.Rank.R1>([channels]), true),
    beta: tf.variable(tf.zeros<tf.Rank.R1>([channels]), true),
    movingMean: tf.variable(tf.zeros<tf.Rank.R1>([channels]), false),
    movingVariance: tf.variable(tf.ones<tf.Rank.R1>([channels]), false),
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
  p.movingMean.assign(tf.tidy(() => ema(p.movingMean, mean)));
  p.movingVariance.assign(tf.tidy(() => ema(p.movingVariance, variance)));
  return tf.batchNorm4d(
    x,
    mean as tf.Tensor1D,
    variance as tf.Tensor1D,
    p.beta,
    p.gamma,
    BN_EPSILON,
  );
}

function ema(average: tf.Tensor, value: tf.Tensor): tf.Tensor1D {
  return tf.add(tf.mul(average, BN_MOMENTUM), tf.mul(value, 1 - BN_MOMENTUM));
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
    kernel: tf.variable(init, true),
    bias: tf.variable(tf.zeros<tf.Rank.R1>([outputs]), true),
  };
}

export function applyDense(x: tf.Tensor2D, p: DenseParams, hooks?: ForwardHooks): tf.Tensor2D {
  const [input, kernel] = hooked(p, x, p.kernel as tf.Tensor2D, hooks);
  return tf.add(tf.matMul(input, kernel), p.bias);
}
