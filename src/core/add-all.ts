import * as tf from '@tensorflow/tfjs';

/**
 * Inputs per tf.addN call. tfjs-webgpu's AddN binds every input as a storage buffer in one shader
 * and, unlike its concat, does not split: past the device's maxStorageBuffersPerShaderStage (8 by
 * default, one taken by the output) the pipeline is invalid and the sum is garbage (seen as
 * KURE = Infinity with R2 + KURE on MobileNet-tiny).
 */
export const ADD_N_MAX_INPUTS = 4;

/** Elementwise sum of `tensors` (same shape), in chunks tfjs-webgpu can bind. Differentiable. */
export function addAll<T extends tf.Tensor>(tensors: readonly T[]): T {
  if (tensors.length === 0) throw new RangeError('addAll needs at least one tensor');
  // A sum of one: clone shares the data (no kernel work on any backend), where AddN would copy.
  if (tensors.length === 1) return tensors[0]!.clone();
  if (tensors.length <= ADD_N_MAX_INPUTS) return tf.addN(tensors as T[]);
  return tf.tidy(() => {
    const partial: T[] = [];
    for (let i = 0; i < tensors.length; i += ADD_N_MAX_INPUTS) {
      partial.push(tf.addN(tensors.slice(i, i + ADD_N_MAX_INPUTS) as T[]));
    }
    return addAll(partial);
  });
}
