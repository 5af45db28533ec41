import * as tf from '@tensorflow/tfjs';
import { mulberry32, permutation } from '../random';
import type { WeightQuantizer } from './qat';
import type { WeightTraceChunk } from '../protocol';

/** Weights sampled for the raster plot: enough to see flips, few enough to draw. */
export const TRACED_WEIGHTS = 16;
/** Steps kept between reads; older ones are dropped (a very long metrics cadence). */
const MAX_ROWS = 400;

/** Records a fixed sample of one layer's integer weights after every step, on the device. */
export interface WeightTrace {
  /** Keep the sampled weights of `integers`, the layer's integer weights after `step` (the
   * tensor the tracker already formed; not disposed here). Device only, no read. */
  record(step: number, integers: tf.Tensor): void;
  /** Every step recorded since the previous read, in one device read; null when none. */
  read(): Promise<WeightTraceChunk | null>;
  dispose(): void;
}

/**
 * A trace of {@link TRACED_WEIGHTS} weights of `quantizer`'s layer, chosen by a permutation seeded
 * with `seed` so the same recipe traces the same weights.
 */
export function createWeightTrace(quantizer: WeightQuantizer, seed: number): WeightTrace {
  const size = quantizer.layer.kernel.size;
  const picked = permutation(size, mulberry32(seed ^ 0x7ace)).slice(0, TRACED_WEIGHTS);
  const indices = tf.keep(
    tf.tensor1d(
      Array.from(picked).sort((a, b) => a - b),
      'int32',
    ),
  );
  let rows: tf.Tensor1D[] = [];
  let steps: number[] = [];
  return {
    record(step, integers) {
      const row = tf.tidy(() => tf.gather(tf.reshape(integers, [-1]), indices)) as tf.Tensor1D;
      rows.push(tf.keep(row));
      steps.push(step);
      if (rows.length > MAX_ROWS) {
        rows.shift()!.dispose();
        steps.shift();
      }
    },
    async read() {
      if (rows.length === 0) return null;
      const [taken, takenSteps] = [rows, steps];
      [rows, steps] = [[], []];
      const packed = tf.stack(taken);
      tf.dispose(taken);
      const values = (await packed.array()) as number[][];
      packed.dispose();
      const { n, p } = quantizer.grid;
      return { layer: quantizer.layer.name, n, p, steps: takenSteps, values };
    },
    dispose() {
      tf.dispose([...rows, indices]);
      rows = [];
    },
  };
}
