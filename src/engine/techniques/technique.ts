import type * as tf from '@tensorflow/tfjs';
import type { ForwardHooks, Model, WeightLayer } from '../models/model';
import type { Recipe } from '../../settings/schema';

/** Values a technique reports per layer on the metrics cadence (e.g. learned s and beta). */
export interface LayerValues {
  name: string;
  values: Record<string, number>;
}

/** Integer values of sampled weights of one layer at each step since the previous read. */
export interface WeightTraceChunk {
  layer: string;
  /** Bounds of the layer's integer grid. */
  n: number;
  p: number;
  steps: number[];
  /** values[i][k]: integer value of sampled weight k after steps[i]. */
  values: number[][];
}

/**
 * A training technique the loop runs without knowing which it is (style guide point 4). Each part
 * is optional: a named loss term, forward hooks (fake quantization), device-side updates after
 * the optimizer step, and values read on the metrics cadence.
 */
export interface Technique {
  /** Name of the technique and of its loss term, e.g. 'r2', 'kure', 'qat'. */
  readonly id: string;
  /** Variables the optimizer updates with the model (margins, temperatures, step sizes). Fixed
   * once the session has calibrated (optimizers key their state by position in this list). */
  readonly variables: readonly tf.Variable[];
  /** Sees each weight layer's input on one calibration batch before training (e.g. to initialise
   * activation quantizers from data in `prepare`); must not read the device. */
  calibrate?(layer: WeightLayer, x: tf.Tensor): void;
  /**
   * Asynchronous set-up after calibration and before the first step, e.g. quantizer inits that read
   * the device (only asynchronous reads work in a WebGPU worker). `variables` are final after it.
   */
  prepare?(): Promise<void>;
  /** The weighted loss term at 1-based `step`, built inside the caller's gradient scope. */
  loss?(step: number): tf.Scalar;
  /** Transforms of kernels and layer inputs, used in training and evaluation forwards. */
  readonly hooks?: ForwardHooks;
  /** Device-only work after the optimizer step (no GPU->CPU read). */
  afterStep?(step: number): void;
  /** Per-layer values for the plots; may read the device (runs on the metrics cadence). */
  report?(): Promise<LayerValues[]>;
  /** Per-step integer values of a few sampled weights since the last call (metrics cadence). */
  trace?(): Promise<WeightTraceChunk | null>;
  dispose(): void;
}

/** Builds a technique for a model and recipe, or null when the recipe leaves it off. */
export type TechniqueFactory = (model: Model, recipe: Recipe) => Technique | null;
