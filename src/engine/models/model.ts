import type * as tf from '@tensorflow/tfjs';
import type { LayerDescriptor } from '../../core/layer';
import type { BatchNormParams } from './layers';

/** Whether a forward pass trains (batch statistics, running averages updated) or evaluates. */
export type ForwardMode = 'train' | 'eval';

/** A conv, depthwise or dense layer whose kernel quantizers and regularizers act on. */
export interface WeightLayer extends LayerDescriptor {
  /** Kernel in the TF.js layout of its kind (output channels last). */
  readonly kernel: tf.Variable;
  /** Bias, where the layer has one (dense); convs are followed by batch norm instead. */
  readonly bias?: tf.Variable;
  /** The batch norm right after this layer's conv, if any (BN folding, re-estimation). */
  bn?: BatchNormParams;
}

/**
 * Optional transforms a forward pass applies, so QAT, PTQ and re-estimation wrap a model without
 * changing it. Each is called once per weight layer per pass, inside the caller's gradient scope.
 */
export interface ForwardHooks {
  /** The kernel this pass uses for `layer` (e.g. fake-quantized). Default: the variable itself. */
  weight?(layer: WeightLayer, kernel: tf.Tensor): tf.Tensor;
  /** The input activation this pass feeds to `layer` (e.g. fake-quantized). Default: unchanged. */
  input?(layer: WeightLayer, x: tf.Tensor): tf.Tensor;
}

/** A classifier built from explicit variables, so quantizers can wrap any weight. */
export interface Model {
  /** Short name shown in the UI. */
  readonly name: string;
  /** Weight layers in forward order; `index` is the position in this list. */
  readonly layers: readonly WeightLayer[];
  /** Variables the optimizer updates, in a fixed order. */
  readonly trainable: tf.Variable[];
  /** Logits [batch, classes] for NHWC images in [0, 1]. Train mode also updates BN running stats. */
  apply(x: tf.Tensor4D, mode: ForwardMode, hooks?: ForwardHooks): tf.Tensor2D;
  /** Number of trainable scalars. */
  parameterCount(): number;
  /** Free every variable (trainable and BN running statistics). */
  dispose(): void;
}
