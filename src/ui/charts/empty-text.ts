/**
 * The plain-words lines the charts show while they have nothing to draw: what to turn on, or
 * when the data will arrive. Pure functions of the current settings, so they are unit-tested.
 */
import { runStages } from '../../settings/pretrain';
import type { Recipe } from '../../settings/schema';

/** Shown while a run has not reported its first metrics yet. */
const FIRST_READ = 'the first metrics read after Start';

/** Loss and accuracy curves: always available once training reports. */
export function trainingEmptyText(): string {
  return `No loss yet: the curves appear with ${FIRST_READ}.`;
}

/**
 * Weight histogram: the engine sends it with the step-0 test of the starting weights, then with
 * each test-accuracy evaluation (every `evalEvery` steps), a coarser cadence than the other
 * plots' metrics reads.
 */
export function histogramEmptyText(recipe: Recipe): string {
  const every = runStages(recipe)[0]!.recipe.evalEvery;
  return `No weights yet: the chosen layer's histogram appears once Start has tested the starting weights, then with every test-accuracy evaluation (every ${every} steps). Choose it with 'Histogram layer' and 'Histogram grid bits'.`;
}

/** Kurtosis chart: always available once training reports. */
export function kurtosisEmptyText(): string {
  return `No layer statistics yet: kurtosis per layer appears with ${FIRST_READ}.`;
}

/** Oscillation frequency and the weight raster: QAT with oscillation tracking only. */
export function oscillationEmptyText(recipe: Pick<Recipe, 'qat' | 'trackOscillations'>): string {
  if (recipe.qat === 'off') return 'Turn on QAT to see oscillations.';
  if (recipe.trackOscillations === 'off') {
    return "Turn on 'Track oscillations (QAT)' to see weights flip between grid levels.";
  }
  return `No oscillation data yet: it appears with ${FIRST_READ}.`;
}

/** PTQ accuracy per bit width: needs a sweep (periodic, at the end, or on demand). */
export function ptqEmptyText(recipe: Pick<Recipe, 'ptqEvery' | 'ptqAtEnd'>): string {
  if (recipe.ptqEvery === 0 && recipe.ptqAtEnd === 'off') {
    return "Turn on a PTQ sweep ('PTQ sweep every' or 'when training ends') to see accuracy at 2–8 bits.";
  }
  const when = recipe.ptqEvery > 0 ? `every ${recipe.ptqEvery} steps` : 'when training ends';
  return `No PTQ sweep yet: it runs ${when}, or with 'Run PTQ sweep now' while training is paused.`;
}

/** Loss terms and accuracy: always available once training reports. */
export function lossTermsEmptyText(): string {
  return `No loss yet: the loss terms appear with ${FIRST_READ}.`;
}

/** Learned quantizer parameters: QAT (LSQ/LSQ+) or R2 with a learned value (Margin, Soft-min-max). */
export function quantParamsEmptyText(recipe: Pick<Recipe, 'qat' | 'r2'>): string {
  if (recipe.qat === 'off' && recipe.r2 === 'off') {
    return 'Turn on QAT (LSQ or LSQ+) or R2 (Margin or Soft-min-max) to see learned quantization parameters.';
  }
  if (recipe.qat === 'off' && recipe.r2 === 'linf') {
    return 'R2 L-inf learns no parameter: turn on QAT or choose R2 Margin or Soft-min-max.';
  }
  return `No learned parameters yet: they appear with ${FIRST_READ}.`;
}
