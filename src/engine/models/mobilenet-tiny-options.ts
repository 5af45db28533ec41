/** MobileNet-tiny's shape, tfjs-free so exporters can read it (mobilenet-tiny.ts builds the model). */
import type { Activation } from './activations';

/** One depthwise-separable block: depthwise 3x3 at `stride`, then pointwise 1x1 to `channels`. */
export interface SeparableBlockSpec {
  /** Output channels of the pointwise conv. */
  channels: number;
  /** Stride of the depthwise conv (1 keeps the size, 2 halves it, rounding up). */
  stride: 1 | 2;
}

/** Shape of MobileNet-tiny. */
export interface MobileNetTinyOptions {
  /** Input channels. Any input height and width works: a global average pool precedes the head. */
  inChannels: number;
  numClasses: number;
  /** Output channels of the stem conv3x3. */
  stemChannels: number;
  /** Stride of the stem conv (2 halves the image before the blocks). */
  stemStride: 1 | 2;
  blocks: readonly SeparableBlockSpec[];
  activation: Activation;
  seed: number;
}

/**
 * Stem 16 channels at stride 2 (28 -> 14), then four separable blocks 32 (14), 64 (s2, 7),
 * 64 (7), 128 (s2, 4): four depthwise layers, the layer type where the papers see the strongest
 * oscillations and low-bit damage. 18,826 parameters; about 0.64M multiply-adds per 28x28 image,
 * about twice the small CNN, so it trains on the CPU backend. [LAB] stride-2 stem for that reason.
 */
export const MOBILENET_TINY_DEFAULTS: Omit<MobileNetTinyOptions, 'seed'> = {
  inChannels: 1,
  numClasses: 10,
  stemChannels: 16,
  stemStride: 2,
  blocks: [
    { channels: 32, stride: 1 },
    { channels: 64, stride: 2 },
    { channels: 64, stride: 1 },
    { channels: 128, stride: 2 },
  ],
  activation: 'relu6',
};
