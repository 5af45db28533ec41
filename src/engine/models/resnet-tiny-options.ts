/** ResNet-tiny's shape, tfjs-free so exporters can read it (resnet-tiny.ts builds the model). */
import type { Activation } from './activations';

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
