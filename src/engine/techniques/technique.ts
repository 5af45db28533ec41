import type * as tf from '@tensorflow/tfjs';
import type { Recipe } from '../../settings/schema';
import type { TrainingTechniqueId } from '../../settings/techniques';
import type { ForwardHooks, Model, WeightLayer } from '../models/model';
import type { TechniqueReport, WeightTraceChunk } from '../protocol';
import type { LearnedGrid } from '../training/weight-histogram';

/**
 * A training technique the loop runs without knowing which it is (style guide point 4). Each part
 * is optional: a loss term (named by its descriptor, settings/techniques.ts), forward hooks (fake
 * quantization), device-side updates after the optimizer step, and values read on the metrics
 * cadence.
 */
export interface Technique {
  /** The technique's descriptor id (settings/techniques.ts). */
  readonly id: TrainingTechniqueId;
  /** Variables trained with the model (margins, temperatures, step sizes). Fixed once the
   * session has calibrated (optimizers key their state by position in this list). */
  readonly variables: readonly tf.Variable[];
  /**
   * When set, `variables` train with their own Adam at this learning rate instead of the model's
   * optimizer (QAT's quantizer parameters: methods 4.3, [OSC-code]).
   */
  readonly ownAdamRate?: number;
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
  /** Per-layer values for the plots, tagged with the technique's id; may read the device
   * (runs on the metrics cadence). */
  report?(): Promise<TechniqueReport>;
  /** Per-step integer values of a few sampled weights since the last call (metrics cadence). */
  trace?(): Promise<WeightTraceChunk | null>;
  /** The learned grid weight layer `index` is quantized on, when this technique quantizes weights
   * (the histogram then shows that grid instead of the PTQ one). */
  learnedGrid?(index: number): LearnedGrid | undefined;
  dispose(): void;
}

/**
 * Builds a technique for a model and a recipe that has it on (the session asks its descriptor),
 * or null when the model gives it nothing to act on. `earlier` holds the techniques built before
 * it, in descriptor order (oscillation tracking reads QAT's quantizers).
 */
export type TechniqueFactory = (
  model: Model,
  recipe: Recipe,
  earlier: readonly Technique[],
) => Technique | null;
