import * as tf from '@tensorflow/tfjs';
import type { DeviceSplit } from '../data/device-data';
import { BatchSampler } from '../data/device-data';
import type { Model } from '../models/model';
import type { TrainConfig } from '../protocol';
import { createOptimizer } from './optimizer';
import { evaluate, type Evaluation } from './evaluate';
import { TrainAccumulators, type TrainWindow } from './accumulators';

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
  dispose(): void;
}

export function createSession({
  model,
  train,
  test,
  numClasses,
  config,
}: SessionInputs): TrainingSession {
  const optimizer = createOptimizer(config.optimizer, config.learningRate);
  const sampler = new BatchSampler(train.count, config.batchSize, config.seed);
  const metrics = new TrainAccumulators();
  let stepCount = 0;

  function step(): void {
    const indices = sampler.next();
    let correct: tf.Scalar | null = null;
    const loss = optimizer.minimize(
      () => {
        const x = tf.gather(train.images, indices);
        const y = tf.gather(train.labels, indices);
        const logits = model.apply(x, 'train');
        correct = tf.keep(countCorrect(logits, y));
        return tf.losses.softmaxCrossEntropy(tf.oneHot(y, numClasses), logits) as tf.Scalar;
      },
      true,
      model.trainable,
    ) as tf.Scalar;
    stepCount++;
    metrics.add(loss, correct!, stepCount);
    tf.dispose([indices, loss, correct!]);
  }

  return {
    get stepCount() {
      return stepCount;
    },
    step,
    readTrainWindow: () => metrics.read(config.batchSize),
    evaluate: () => evaluate(model, test, numClasses, config.testExamples),
    dispose() {
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
