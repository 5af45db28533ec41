import type * as tf from '@tensorflow/tfjs';
import { activate } from './activations';
import {
  applyConvBn,
  applyDense,
  convBnBuilder,
  convBnModel,
  createDense,
  globalAveragePool,
  layerSeed,
  type ConvBn,
} from './layers';
import type { ForwardHooks, ForwardMode, Model } from './model';
import type { MobileNetTinyOptions } from './mobilenet-tiny-options';

export {
  MOBILENET_TINY_DEFAULTS,
  type MobileNetTinyOptions,
  type SeparableBlockSpec,
} from './mobilenet-tiny-options';

/**
 * MobileNet-tiny: conv3x3-BN-act stem; per block depthwise 3x3-BN-act, pointwise 1x1-BN-act;
 * global average pool; dense to logits. Layers in forward order: stem, then (dw, pw) per block,
 * then dense; depthwise kernels are [3, 3, C, 1] with kind 'depthwise'.
 */
export function createMobileNetTiny(options: MobileNetTinyOptions): Model {
  const net = convBnBuilder(options.seed);
  net.conv('stem', 3, options.inChannels, options.stemChannels, options.stemStride);
  let channels = options.stemChannels;
  options.blocks.forEach((block, i) => {
    net.depthwise(`block${i + 1}/dw`, 3, channels, block.stride);
    net.conv(`block${i + 1}/pw`, 1, channels, block.channels, 1);
    channels = block.channels;
  });
  const index = net.units.length;
  const head = createDense(
    'dense',
    index,
    channels,
    options.numClasses,
    layerSeed(options.seed, index),
  );
  const units: readonly ConvBn[] = net.units;

  // Every unit is conv-BN-act in sequence, so the forward pass is one fold over them.
  function apply(x: tf.Tensor4D, mode: ForwardMode, hooks?: ForwardHooks): tf.Tensor2D {
    const h = units.reduce(
      (acc, unit) => activate(applyConvBn(acc, unit, mode, hooks), options.activation),
      x,
    );
    return applyDense(globalAveragePool(h), head, hooks);
  }

  return convBnModel('MobileNet-tiny', units, head, apply);
}
