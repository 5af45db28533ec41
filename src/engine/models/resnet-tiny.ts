import * as tf from '@tensorflow/tfjs';
import { activate, type Activation } from './activations';
import {
  applyConvBn,
  applyDense,
  convBnBuilder,
  convBnModel,
  createDense,
  globalAveragePool,
  layerSeed,
  type ConvBn,
  type ConvBnBuilder,
} from './layers';
import type { ForwardHooks, ForwardMode, Model } from './model';

/** One basic residual block: two conv3x3 to `channels`, the first at `stride`. */
export interface ResidualBlockSpec {
  /** Output channels of both convs. */
  channels: number;
  /** Stride of the first conv (2 halves the size, rounding up). */
  stride: 1 | 2;
}

/** Shape of ResNet-tiny. */
export interface ResNetTinyOptions {
  /** Input channels. Any input height and width works: a global average pool precedes the head. */
  inChannels: number;
  numClasses: number;
  /** Output channels of the stem conv3x3. */
  stemChannels: number;
  /** Stride of the stem conv (2 halves the image before the blocks). */
  stemStride: 1 | 2;
  blocks: readonly ResidualBlockSpec[];
  activation: Activation;
  seed: number;
}

/**
 * Stem 16 channels at stride 2 (28 -> 14), then blocks 16 (14), 32 (s2, 7), 64 (s2, 4): the
 * CIFAR ResNet widths, one block per stage. 77,754 parameters; about 2.55M multiply-adds per 28x28
 * image. [LAB] stride-2 stem: at stride 1 the first block alone would cost 3.6M on the CPU backend.
 */
export const RESNET_TINY_DEFAULTS: Omit<ResNetTinyOptions, 'seed'> = {
  inChannels: 1,
  numClasses: 10,
  stemChannels: 16,
  stemStride: 2,
  blocks: [
    { channels: 16, stride: 1 },
    { channels: 32, stride: 2 },
    { channels: 64, stride: 2 },
  ],
  activation: 'relu',
};

interface ResidualBlock {
  first: ConvBn;
  second: ConvBn;
  /** 1x1 conv + BN on the skip path, only where the block changes size or channels. */
  projection?: ConvBn;
}

/** Creates a block's units in forward order: conv1, conv2, then the projection if any. */
function createBlock(
  net: ConvBnBuilder,
  name: string,
  inC: number,
  spec: ResidualBlockSpec,
): ResidualBlock {
  const first = net.conv(`${name}/conv1`, 3, inC, spec.channels, spec.stride);
  const second = net.conv(`${name}/conv2`, 3, spec.channels, spec.channels, 1);
  const reshapes = spec.stride !== 1 || inC !== spec.channels;
  const projection = reshapes
    ? net.conv(`${name}/proj`, 1, inC, spec.channels, spec.stride)
    : undefined;
  return { first, second, projection };
}

/** act(BN(conv2(act(BN(conv1(x))))) + skip(x)); the skip is x or BN(conv1x1(x)). */
function applyBlock(
  x: tf.Tensor4D,
  block: ResidualBlock,
  activation: Activation,
  mode: ForwardMode,
  hooks?: ForwardHooks,
): tf.Tensor4D {
  const h = activate(applyConvBn(x, block.first, mode, hooks), activation);
  const main = applyConvBn(h, block.second, mode, hooks);
  // Called after the main path, so hooks see the layers in `layers` order.
  const skip = block.projection ? applyConvBn(x, block.projection, mode, hooks) : x;
  return activate(tf.add(main, skip), activation);
}

/**
 * ResNet-tiny: conv3x3-BN-act stem; basic residual blocks; global average pool; dense to logits.
 * Layers in forward order: stem, then per block conv1, conv2, proj (when present), then dense.
 */
export function createResNetTiny(options: ResNetTinyOptions): Model {
  const net = convBnBuilder(options.seed);
  const stem = net.conv('stem', 3, options.inChannels, options.stemChannels, options.stemStride);
  let channels = options.stemChannels;
  const blocks = options.blocks.map((spec, i) => {
    const block = createBlock(net, `block${i + 1}`, channels, spec);
    channels = spec.channels;
    return block;
  });
  const index = net.units.length;
  const head = createDense(
    'dense',
    index,
    channels,
    options.numClasses,
    layerSeed(options.seed, index),
  );
  const { activation } = options;

  function apply(x: tf.Tensor4D, mode: ForwardMode, hooks?: ForwardHooks): tf.Tensor2D {
    let h = activate(applyConvBn(x, stem, mode, hooks), activation);
    for (const block of blocks) h = applyBlock(h, block, activation, mode, hooks);
    return applyDense(globalAveragePool(h), head, hooks);
  }

  return convBnModel('ResNet-tiny', net.units, head, apply);
}
