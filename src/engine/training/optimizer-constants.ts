/** The optimizers' constants, tfjs-free so exporters can read them (optimizer.ts builds them). */

/** SGD momentum value used by the 'momentum' optimizer. */
export const SGD_MOMENTUM = 0.9;

/**
 * Adam's constants: tfjs's defaults, written out so an export states them. epsilon is the tfjs
 * backend's float32 epsilon (1e-7), which tf.train.adam takes when given none; PyTorch's default
 * is 1e-8, so an exported optimizer must set it.
 */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;
