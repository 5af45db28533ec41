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
import type { ResidualBlockSpec, ResNetTinyOptions } from './resnet-tiny-options';

export {
  RESNET_TINY_DEFAULTS,
  type ResidualBlockSpec,
  type ResNetTinyOptions,
} from './resnet-tiny-options';

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
