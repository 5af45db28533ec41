import type * as tf from '@tensorflow/tfjs';
import type { Model } from './model';

/** Every variable of a model in a fixed order: trainables, then BN running statistics. */
export function modelVariables(model: Model): tf.Variable[] {
  const stats = model.layers.flatMap((l) => (l.bn ? [l.bn.movingMean, l.bn.movingVariance] : []));
  return [...model.trainable, ...stats];
}

/**
 * Copy `from`'s weights and BN statistics into `to` (device-side assigns, no read), so a run can
 * continue from the previous one, e.g. QAT from a float checkpoint. Returns why not, or null once
 * copied: the two must be the same architecture with the same shapes.
 */
export function copyWeights(from: Model, to: Model): string | null {
  const [source, target] = [modelVariables(from), modelVariables(to)];
  if (from.name !== to.name) return `the previous run trained ${from.name}, not ${to.name}`;
  const same =
    source.length === target.length &&
    source.every((v, i) => v.shape.join() === target[i]!.shape.join());
  if (!same) return 'the previous run had other layer shapes (activation or data changed?)';
  target.forEach((v, i) => v.assign(source[i]!));
  return null;
}
