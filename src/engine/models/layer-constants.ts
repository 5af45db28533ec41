/** Batch-norm constants of the lab's layers, tfjs-free so exporters can read them (layers.ts). */

/** Default BN momentum for running statistics (the recipe's `bnMomentum` sets it). [LAB] 0.9 rather than Keras' 0.99: short lab runs evaluate
 * after tens of steps, when 0.99 averages would still be dominated by their initial values. */
export const BN_MOMENTUM = 0.9;
/** Added to the variance before its square root in batch norm (Keras' default). */
export const BN_EPSILON = 1e-3;
