import * as tf from '@tensorflow/tfjs';

/** Forward of a custom-gradient op: its value and the gradient of each input given dy. */
export interface CustomGradResult {
  value: tf.Tensor;
  gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.Tensor[];
}

/**
 * tf.customGrad with typed tensor inputs (methods.md 1.4). tfjs types the user function as
 * `(...inputs: (Tensor | GradSaveFunc)[])`, which a function of named tensors does not satisfy under
 * strictFunctionTypes; this wrapper narrows the arguments at run time instead of casting. `f` gets the
 * tensor inputs in order and the save function; `gradFunc` must return one gradient per input.
 */
export function tensorCustomGrad(
  f: (inputs: tf.Tensor[], save: tf.GradSaveFunc) => CustomGradResult,
): (...inputs: tf.Tensor[]) => tf.Tensor {
  return tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const inputs = args.filter((a): a is tf.Tensor => a instanceof tf.Tensor);
    const save = args.find((a): a is tf.GradSaveFunc => typeof a === 'function');
    // customGrad always appends the save function; the fallback only satisfies the type.
    return f(inputs, save ?? (() => undefined));
  });
}

/**
 * Identity in the forward pass, zero gradient in the backward pass: PyTorch's `.detach()`.
 * TF.js 4.22 has no stopGradient op (methods.md 1.4), so it is a customGrad.
 */
export const stopGradient: (x: tf.Tensor) => tf.Tensor = tensorCustomGrad(([x]) => ({
  value: tf.clone(x!),
  gradFunc: (dy) => [tf.zerosLike(dy)],
}));
