import type * as tf from '@tensorflow/tfjs';

/** Whether a forward pass trains (batch statistics, running averages updated) or evaluates. */
export type ForwardMode = 'train' | 'eval';

/** A classifier built from explicit variables, so quantizers can later wrap any weight. */
export interface Model {
  /** Short name shown in the UI. */
  readonly name: string;
  /** Variables the optimizer updates, in a fixed order. */
  readonly trainable: tf.Variable[];
  /** Logits [batch, classes] for NHWC images in [0, 1]. Train mode also updates BN running stats. */
  apply(x: tf.Tensor4D, mode: ForwardMode): tf.Tensor2D;
  /** Number of trainable scalars. */
  parameterCount(): number;
  /** Free every variable (trainable and BN running statistics). */
  dispose(): void;
}
