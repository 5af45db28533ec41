import * as tf from '@tensorflow/tfjs';

/** Training metrics averaged over the steps since the previous read. */
export interface TrainWindow {
  /** Steps in the window. */
  steps: number;
  /** Mean cross-entropy over the window (NaN if the window is empty). */
  loss: number;
  /** Fraction of training examples classified correctly over the window. */
  accuracy: number;
  /** First step whose loss was not finite, and that loss; null while all were finite. */
  nonFinite: { step: number; loss: number } | null;
}

/**
 * Running sums kept on the device so the hot path never waits for a GPU->CPU read. The first
 * non-finite loss is latched on the device too, so the exact step of a divergence is known.
 */
export class TrainAccumulators {
  private lossSum = tf.scalar(0);
  private correctSum = tf.scalar(0);
  private badStep = tf.scalar(-1);
  private badLoss = tf.scalar(0);
  private windowSteps = 0;

  /** Add one step's mean loss and correct count; `step` is the 1-based step number. */
  add(loss: tf.Scalar, correct: tf.Scalar, step: number): void {
    const next = tf.tidy(() => {
      const isBad = tf.logicalAnd(tf.logicalNot(tf.isFinite(loss)), tf.less(this.badStep, 0));
      // keep(): the sums outlive any tidy() scope the caller may be in.
      return [
        tf.keep(tf.add(this.lossSum, loss)),
        tf.keep(tf.add(this.correctSum, correct)),
        tf.keep(tf.where(isBad, tf.scalar(step), this.badStep)),
        tf.keep(tf.where(isBad, loss, this.badLoss)),
      ];
    });
    tf.dispose([this.lossSum, this.correctSum, this.badStep, this.badLoss]);
    [this.lossSum, this.correctSum, this.badStep, this.badLoss] = next as tf.Scalar[];
    this.windowSteps++;
  }

  /** One device read for all four values; restarts the window sums. */
  async read(batchSize: number): Promise<TrainWindow> {
    const packed = tf.stack([this.lossSum, this.correctSum, this.badStep, this.badLoss]);
    const [lossSum, correctSum, badStep, badLoss] = await packed.data();
    packed.dispose();
    const steps = this.windowSteps;
    tf.dispose([this.lossSum, this.correctSum]);
    this.lossSum = tf.scalar(0);
    this.correctSum = tf.scalar(0);
    this.windowSteps = 0;
    return {
      steps,
      loss: lossSum! / steps,
      accuracy: correctSum! / (steps * batchSize),
      nonFinite: badStep! >= 0 ? { step: badStep!, loss: badLoss! } : null,
    };
  }

  dispose(): void {
    tf.dispose([this.lossSum, this.correctSum, this.badStep, this.badLoss]);
  }
}
