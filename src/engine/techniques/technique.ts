import type * as tf from '@tensorflow/tfjs';
import type { Model } from '../models/model';
import type { TrainConfig } from '../protocol';

/**
 * A training technique the loop runs without knowing which it is (style guide point 4): each adds
 * a named loss term and, optionally, its own trainable variables. The loop sums the terms inside
 * the gradient scope and reports each separately.
 */
export interface Technique {
  /** Name of the loss term, e.g. 'r2' or 'kure' (a key of the train-metrics `terms`). */
  readonly id: string;
  /** Extra variables the optimizer updates with the model (R2 margins and temperatures). */
  readonly variables: readonly tf.Variable[];
  /** The weighted loss term at 1-based `step`, built inside the caller's gradient scope. */
  loss(step: number): tf.Scalar;
  dispose(): void;
}

/** Builds a technique for a model and recipe, or null when the recipe leaves it off. */
export type TechniqueFactory = (model: Model, config: TrainConfig) => Technique | null;
