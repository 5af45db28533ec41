import * as tf from '@tensorflow/tfjs';

/** Training metrics averaged over the steps since the previous read. */
export interface TrainWindow<Term extends string = string> {
  /** Steps in the window. */
  steps: number;
  /** Mean total loss (task + every technique's term) over the window. */
  loss: number;
  /** Mean of each named loss term over the window ('task' is the cross-entropy). */
  terms: Partial<Record<Term, number>>;
  /** Fraction of training examples classified correctly over the window. */
  accuracy: number;
  /** First step whose loss was not finite, and that loss; null while all were finite. */
  nonFinite: { step: number; loss: number } | null;
}

/**
 * Per-step metrics kept on the device until the next read, so the hot path never waits for a
 * GPU->CPU read. Each step costs one small stack kernel (loss, correct count, terms); the sums and
 * the first non-finite step are found on the CPU at the read. Running sums on the device would
 * cost a dozen kernels and an upload per step (sums, a non-finite latch, two selects).
 */
export class TrainAccumulators<Term extends string = string> {
  /** One [loss, correct, ...terms] row per step of the window, with its step number. */
  private rows: tf.Tensor1D[] = [];
  private steps: number[] = [];

  /** `termNames` name the per-term losses passed to {@link add}, in order. */
  constructor(private readonly termNames: readonly Term[] = []) {}

  /**
   * Add one step's total loss, correct count and loss terms (in `termNames` order);
   * `step` is the 1-based step number.
   */
  add(loss: tf.Scalar, correct: tf.Scalar, step: number, terms: readonly tf.Scalar[] = []): void {
    if (terms.length !== this.termNames.length) {
      throw new RangeError(`expected ${this.termNames.length} loss terms, got ${terms.length}`);
    }
    // keep(): the row outlives any tidy() scope the caller may be in.
    this.rows.push(tf.keep(tf.stack([loss, correct, ...terms]) as tf.Tensor1D));
    this.steps.push(step);
  }

  /** One device read for the whole window; restarts it. */
  async read(batchSize: number): Promise<TrainWindow<Term>> {
    const { rows, steps } = this;
    this.rows = [];
    this.steps = [];
    if (!rows.length) return this.summarise(new Float32Array(0), steps, batchSize);
    const packed = tf.stack(rows);
    tf.dispose(rows);
    const values = await packed.data();
    packed.dispose();
    return this.summarise(values, steps, batchSize);
  }

  /** Window means and the first non-finite loss from the rows read (row-major, one per step). */
  private summarise(
    values: ArrayLike<number>,
    steps: number[],
    batchSize: number,
  ): TrainWindow<Term> {
    const width = 2 + this.termNames.length;
    const sums = new Float64Array(width);
    let nonFinite: TrainWindow['nonFinite'] = null;
    steps.forEach((step, row) => {
      for (let j = 0; j < width; j++) sums[j] += values[row * width + j]!;
      const loss = values[row * width]!;
      if (!nonFinite && !Number.isFinite(loss)) nonFinite = { step, loss };
    });
    const n = steps.length;
    const terms: Partial<Record<Term, number>> = {};
    this.termNames.forEach((name, i) => (terms[name] = sums[2 + i]! / n));
    return {
      steps: n,
      loss: sums[0]! / n,
      terms,
      accuracy: sums[1]! / (n * batchSize),
      nonFinite,
    };
  }

  dispose(): void {
    tf.dispose(this.rows);
    this.rows = [];
    this.steps = [];
  }
}
