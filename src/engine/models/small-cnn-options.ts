/** The small CNN's shape, tfjs-free so exporters can read it (small-cnn.ts builds the model). */

/** Shape of the small CNN: conv3x3-BN-ReLU-maxpool blocks, then one dense layer. */
export interface SmallCnnOptions {
  /** Input height = width, in pixels. */
  imageSize: number;
  inChannels: number;
  numClasses: number;
  /** Output channels of each conv block. */
  channels: readonly number[];
  seed: number;
}

export const SMALL_CNN_DEFAULTS: Omit<SmallCnnOptions, 'seed'> = {
  imageSize: 28,
  inChannels: 1,
  numClasses: 10,
  channels: [8, 16],
};
