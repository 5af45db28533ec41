import * as tf from '@tensorflow/tfjs';
import type { DeviceSplit } from '../data/device-data';
import { BatchSampler } from '../data/device-data';
import type { Model } from '../models/model';
import type { TrainConfig } from '../protocol';
import { createOptimizer } from './optimizer';
import { evaluate, type Evaluation } from './evaluate';
import { TrainAccumulators, type TrainWindow } from './accumulators';
import { createTechniques } from '../techniques';
import { readLayerStats, type LayerStats } from './layer-stats';
import { ptqSweep, type PtqPoint } from './ptq-sweep';

/** What a session trains on. */
export interface SessionInputs {
  model: Model;
  train: DeviceSplit;
  test: DeviceSplit;
  numClasses: number;
  config: TrainConfig;
}

/**
 * One training run's mutable state: model, optimizer, sampler and on-device metric accumulators.
 * `step()` never reads from the device; metrics are read on a cadence by the caller.
 */
export interface TrainingSession {
  /** Optimizer steps taken so far. */
  readonly stepCount: number;
  step(): void;
  /** Averages since the previous read (one device read), then restarts the window. */
  readTrainWindow(): Promise<TrainWindow>;
  evaluate(): Promise<Evaluation>;
  /** Kernel statistics per weight layer (one device read). */
  layerStats(): Promise<LayerStats[]>;
  /** Test accuracy of the current weights quantized to W2..W8 (model unchanged). */
  ptqSweep(): Promise<PtqPoint[]>;
  dispose(): void;
}

export function createSession(inputs: SessionInputs): TrainingSession {
  const { model, train, test, numClasses, config } = inputs;
  const techniques = createTechniques(model, config);
  const optimizer = createOptimizer(config.optimizer, config.learningRate);
  const sampler = new BatchSampler(train.count, config.batchSize, config.seed);
  const metrics = new TrainAccumulators(['task', ...techniques.map((t) => t.id)]);
  const variables = [...model.trainable, ...techniques.flatMap((t) => t.variables)];
  let stepCount = 0;

  function step(): void {
    const indices = sampler.next();
    const step = stepCount + 1;
    let kept: tf.Scalar[] = [];
    const loss = optimizer.minimize(
      () => {
        const x = tf.gather(train.images, indices);
        const y = tf.gather(train.labels, indices);
        const logits = model.apply(x, 'train');
        const task = tf.losses.softmaxCrossEntropy(tf.oneHot(y, numClasses), logits) as tf.Scalar;
        const terms = [task, ...techniques.map((t) => t.loss(step))];
        // Correct count and each term outlive the gradient scope, for the accumulators.
        kept = [countCorrect(logits, y), ...terms].map((t) => tf.keep(t));
        return tf.addN(terms) as tf.Scalar;
      },
      true,
      variables,
    ) as tf.Scalar;
    stepCount = step;
    const [correct, ...terms] = kept;
    metrics.add(loss, correct!, step, terms);
    tf.dispose([indices, loss, ...kept]);
  }

  return {
    get stepCount() {
      return stepCount;
    },
    step,
    readTrainWindow: () => metrics.read(config.batchSize),
    evaluate: () => evaluate(model, test, numClasses, config.testExamples),
    layerStats: () => readLayerStats(model),
    ptqSweep: () => ptqSweep(model, test, numClasses, config),
    dispose() {
      techniques.forEach((t) => t.dispose());
      optimizer.dispose();
      sampler.dispose();
      metrics.dispose();
    },
  };
}

/** Number of rows whose arg-max logit equals the label, as a float scalar. */
export function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')));
}
