/** BN re-estimation's constants, tfjs-free so exporters can read them (bn-reestimate.ts runs it). */

/** Training batches BN re-estimation averages over: methods 5.6 ([OSC-code] reestimate_BN_stats). */
export const BN_REESTIMATE_BATCHES = 50;

/**
 * Seed of the re-estimation batch order, derived from the run's seed. [LAB] A sampler of its own
 * (fresh on every call) so re-estimation never advances the training sampler, and every call on
 * the same weights sees the same batches.
 */
export function reestimateSeed(seed: number): number {
  return (seed ^ 0x5eed_b4e5) >>> 0;
}
