import * as tf from '@tensorflow/tfjs';

/**
 * A device-side copy of a run's state variables (weights, BN statistics, quantizer parameters),
 * taken on the metrics cadence while the loss is finite, so a divergence can fall back to the last
 * good state instead of leaving NaN weights. Saving copies on the device; it never reads.
 */
export class Checkpoint {
  private copies: tf.Tensor[] = [];
  private savedStep = -1;

  constructor(private readonly variables: readonly tf.Variable[]) {}

  /** Step of the saved state, or -1 before the first save. */
  get step(): number {
    return this.savedStep;
  }

  save(step: number): void {
    const next = this.variables.map((v) => tf.keep(v.clone()));
    tf.dispose(this.copies);
    this.copies = next;
    this.savedStep = step;
  }

  /** Write the saved state back into the variables; returns its step (-1: nothing saved). */
  restore(): number {
    this.copies.forEach((copy, i) => this.variables[i]!.assign(copy));
    return this.savedStep;
  }

  dispose(): void {
    tf.dispose(this.copies);
    this.copies = [];
  }
}
