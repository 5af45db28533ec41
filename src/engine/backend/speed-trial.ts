import * as tf from '@tensorflow/tfjs';
import type { SpeedTrial } from '../protocol';
import { median } from '../../core/stats/median';
import { buildProfileModel, makeBatch, NUM_CLASSES } from '../cpu-kernels/profile-models';
import { createOptimizer } from '../training/optimizer';
import { defaultRecipe } from '../../settings/schema';
import { SPEED_TRIAL_STEPS, outOfTime } from './speed-trials';

/**
 * Time the small CNN's training step at the lab's default batch on the active backend: one
 * warm-up step (shader compilation, kernel set-up), then timed steps, each ended by a read of its
 * loss, until `budgetMs` from the call has passed. The time is the median of the last
 * {@link SPEED_TRIAL_STEPS}: the first steps on the CPU path run before the JIT has optimized the
 * kernels (3-4x slower here). A step that starts inside the budget may end after it: the page
 * terminates a trial that hangs.
 */
export async function timeTrainingSteps(budgetMs: number): Promise<SpeedTrial> {
  const start = performance.now();
  const model = buildProfileModel('small-cnn');
  const { optimizer: kind, learningRate, batchSize } = defaultRecipe();
  const optimizer = createOptimizer(kind, learningRate);
  const { x, y } = makeBatch(batchSize);
  const labels = tf.oneHot(y, NUM_CLASSES);
  // profile-models' trainStep reads with dataSync, which WebGPU refuses for GPU tensors: await it.
  const step = async () => {
    const loss = optimizer.minimize(
      () => tf.losses.softmaxCrossEntropy(labels, model.apply(x, 'train')) as tf.Scalar,
      true,
      model.trainable,
    );
    await loss?.data();
    loss?.dispose();
  };
  try {
    await step();
    const times: number[] = [];
    while (performance.now() - start < budgetMs) {
      const t0 = performance.now();
      await step();
      times.push(performance.now() - t0);
    }
    if (!times.length) return { msPerStep: null, failure: outOfTime() };
    return { msPerStep: median(times.slice(-SPEED_TRIAL_STEPS)) };
  } finally {
    tf.dispose([x, y, labels]);
    optimizer.dispose();
    model.dispose();
  }
}
