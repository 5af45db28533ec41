import * as tf from '@tensorflow/tfjs';

/** Training metrics averaged over the steps since the previous read. */
export interface TrainWindow {
  /** Steps in the window. */
  steps: number;
  /** Mean total loss (task + every technique's term) over the window. */
  loss: number;
  /** Mean of each named loss term over the window ('task' is the cross-entropy). */
  terms: Record<string, number>;
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
  private termSums: tf.Tensor1D;
  private correctSum = tf.scalar(0);
  private badStep = tf.scalar(-1);
  private badLoss = tf.scalar(0);
  private windowSteps = 0;

  /** `termNames` name the per-term losses passed to {@link add}, in order. */
  constructor(private readonly termNames: readonly string[] = []) {
    this.termSums = tf.keep(tf.zeros([termNames.length]));
  }

  /**
   * Add one step's total loss, correct count and loss terms (in `termNames` order);
   * `step` is the 1-based step number.
   */
  add(loss: tf.Scalar, correct: tf.Scalar, step: number, terms: readonly tf.Scalar[] = []): void {
    const nextTerms = tf.tidy(() =>
      terms.length ? tf.add(this.termSums, tf.stack(terms as tf.Scalar[])) : this.termSums.clone(),
    ) as tf.Tensor1D;
    this.termSums.dispose();
    this.termSums = tf.keep(nextTerms);
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

  /** One device read for every value; restarts the window sums. */
  async read(batchSize: number): Promise<TrainWindow> {
    const packed = tf.tidy(() =>
      tf.concat([
        tf.stack([this.lossSum, this.correctSum, this.badStep, this.badLoss]),
        this.termSums,
      ]),
    );
    const values = await packed.data();
    packed.dispose();
    const [lossSum, correctSum, badStep, badLoss] = values;
    const steps = this.windowSteps;
    const terms: Record<string, number> = {};
    this.termNames.forEach((name, i) => (terms[name] = values[4 + i]! / steps));
    tf.dispose([this.lossSum, this.correctSum, this.termSums]);
    this.lossSum = tf.keep(tf.scalar(0));
    this.correctSum = tf.keep(tf.scalar(0));
    this.termSums = tf.keep(tf.zeros([this.termNames.length]));
    this.windowSteps = 0;
    return {
      steps,
      loss: lossSum! / steps,
      terms,
      accuracy: correctSum! / (steps * batchSize),
      nonFinite: badStep! >= 0 ? { step: badStep!, loss: badLoss! } : null,
    };
  }

  dispose(): void {
    tf.dispose([this.lossSum, this.correctSum, this.badStep, this.badLoss, this.termSums]);
  }
}
