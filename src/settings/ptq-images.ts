import type { Recipe } from './schema';

/**
 * Test images a PTQ sweep on the `ptqEvery` cadence evaluates (the float model's accuracy it is
 * compared with included). Seven bit widths on all 2,000 images cost ~45 % of 100 small-CNN steps
 * on the CPU backend; on 500 they stay inside the bench's 15 % budget, and the ±1.3 pp spread of a
 * 500-image accuracy near 90 % is small beside the 2-bit drops a demo shows. The same count on
 * every backend keeps a run's events a function of its recipe alone. The end-of-run sweep and
 * "Run PTQ sweep now" use all the recipe's test images.
 */
export const CADENCE_PTQ_IMAGES = 500;

/** Test images the PTQ sweep after `step` steps evaluates: fewer on the cadence, all at the end. */
export function ptqImages(recipe: Pick<Recipe, 'testExamples'>, final: boolean): number {
  return final ? recipe.testExamples : Math.min(recipe.testExamples, CADENCE_PTQ_IMAGES);
}
