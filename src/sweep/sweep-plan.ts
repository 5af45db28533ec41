/**
 * A sweep as a list of runs, in the order they should train: every value at the first seed, then
 * every value at the next, so the plot has a point per value early and error bars grow after.
 */
import { SETTINGS, type Recipe } from '../settings/schema';
import { encodeRecipe } from '../settings/url-codec';
import { withKnob } from './sweep-spec';
import type { SweepRun, SweepSpec } from './sweep-types';

/**
 * The seed of replicate `seedIndex`: A's seed plus the index, wrapped inside the seed setting's
 * range so a seed near the top still gives valid, distinct seeds.
 */
export function sweepSeed(recipe: Recipe, seedIndex: number): number {
  const { min, max } = SETTINGS.seed;
  return min + ((recipe.seed - min + seedIndex) % (max - min + 1));
}

/**
 * One run per (value, seed), seed-major: all values for seed index 0, then all for index 1, ….
 * Assumes a spec that passes `sweepProblems`; a run whose recipe equals A's is still its own run.
 */
export function planSweep(recipe: Recipe, spec: SweepSpec): SweepRun[] {
  const runs: SweepRun[] = [];
  for (let seedIndex = 0; seedIndex < spec.seeds; seedIndex++) {
    const seed = sweepSeed(recipe, seedIndex);
    spec.values.forEach((value, valueIndex) => {
      const runRecipe = { ...withKnob(recipe, spec.knob, value), seed };
      runs.push({
        key: encodeRecipe(runRecipe),
        valueIndex,
        value,
        seedIndex,
        seed,
        recipe: runRecipe,
      });
    });
  }
  return runs;
}

/** Index of A's own knob value among the sweep's values (the point to mark), else 0. */
export function baselineIndex(recipe: Recipe, spec: SweepSpec): number {
  return Math.max(0, spec.values.indexOf(recipe[spec.knob]));
}
