import type { Recipe } from './schema';

/**
 * Test images the lab's quick evaluations use: the PTQ sweeps on the `ptqEvery` cadence (the
 * float model's accuracy they are compared with included) and the untrained model's step-0 test.
 * Seven bit widths on all 2,000 images cost ~45 % of 100 small-CNN steps on the CPU backend; on
 * 500 they stay inside the bench's 15 % budget, and the ±1.3 pp spread of a 500-image accuracy
 * near 90 % is small beside the 2-bit drops a demo shows. The same count on every backend keeps
 * a run's events a function of its recipe alone. The end-of-run sweep, "Run PTQ sweep now" and
 * every later test use all the recipe's test images.
 */
export const QUICK_TEST_IMAGES = 500;

/** Test images the PTQ sweep after `step` steps evaluates: fewer on the cadence, all at the end. */
export function ptqImages(recipe: Pick<Recipe, 'testExamples'>, final: boolean): number {
  return final ? recipe.testExamples : Math.min(recipe.testExamples, QUICK_TEST_IMAGES);
}

/**
 * Test images of a stage's step-0 test. An untrained model is at chance, which 500 images show
 * as well as 2,000 (±1.3 pp), and the first step waits for this test: 2,000 images cost ~1.5 s on
 * the CPU backend, over a third of the wait for step 1. Weights that were trained (a fine-tune
 * stage, a run from the previous one) are tested on all of them.
 */
export function stepZeroTestImages(
  recipe: Pick<Recipe, 'testExamples'>,
  untrained: boolean,
): number {
  return untrained ? Math.min(recipe.testExamples, QUICK_TEST_IMAGES) : recipe.testExamples;
}

/** Seconds a per-layer sensitivity measurement aims to take: longer, and it uses fewer images. */
export const SENSITIVITY_BUDGET_S = 20;

/**
 * Test images a per-layer sensitivity measurement evaluates, from the seconds one image took in
 * its first pass: all `cap` when `passes` passes over them fit {@link SENSITIVITY_BUDGET_S}, else
 * as many as fit, in hundreds, and never fewer than {@link QUICK_TEST_IMAGES} (its ±1.3 pp spread
 * is what a bar can show). Measured: MobileNet-tiny's 12 passes over 2,000 images take ~30 s on
 * the fast CPU path and ~8 min on software WebGPU (SwiftShader); the small CNN's 4 take ~6 s.
 */
export function sensitivityImageCount(
  cap: number,
  secondsPerImage: number,
  passes: number,
): number {
  const fit = Math.floor(SENSITIVITY_BUDGET_S / (secondsPerImage * passes) / 100) * 100;
  return Math.min(cap, Math.max(QUICK_TEST_IMAGES, fit));
}
