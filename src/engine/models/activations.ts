import * as tf from '@tensorflow/tfjs';

/** The nonlinearities a model can be built with, in the order the UI lists them. */
export const ACTIVATIONS = ['relu', 'relu6', 'swish'] as const;

/**
 * `relu`: max(0, x). `relu6`: min(max(0, x), 6), MobileNet's choice, bounded so activation ranges
 * stay small for low-bit quantization. `swish`: x * sigmoid(x), smooth and unbounded below by
 * about -0.28, as in EfficientNet.
 */
export type Activation = (typeof ACTIVATIONS)[number];

/** Whether `value` names an activation (for decoding settings and configs). */
export function isActivation(value: string): value is Activation {
  return (ACTIVATIONS as readonly string[]).includes(value);
}

/** `x` through `activation`, elementwise; same shape and dtype. Differentiable everywhere tf is. */
export function activate<T extends tf.Tensor>(x: T, activation: Activation): T {
  switch (activation) {
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'swish':
      // tidy frees the sigmoid intermediate even outside a caller's scope; gradients still flow.
      return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
  }
}
