/**
 * The PTQ part of a run's state: the latest sweep per quantizer (the curves the PTQ chart
 * overlays), the latest sweep of any, and the recipe quantizer's sweeps over steps. Pure.
 */
import type { EngineEvent } from '../engine/protocol';
import { isRecipeQuantizer, ptqQuantizerLabel } from '../settings/ptq-quantizer';
import type { Recipe } from '../settings/schema';

/** One PTQ sweep as the engine reports it. */
export type PtqSweep = Extract<EngineEvent, { type: 'ptq' }>;

/** What a run keeps of its PTQ sweeps. */
export interface PtqState {
  /** Latest sweep, whatever its quantizer. */
  ptq: PtqSweep | null;
  /** Every sweep with the run's own (recipe) quantizer, in step order. */
  ptqHistory: PtqSweep[];
  /** Latest sweep per quantizer label, in the order the quantizers first came. */
  ptqCurves: PtqSweep[];
}

/**
 * Whether `sweep` used the quantizer of the run's `recipe` (its periodic and end-of-run sweeps
 * do); any sweep counts while the recipe is unknown.
 */
export function isOwnSweep(sweep: PtqSweep, recipe: Recipe | null): boolean {
  return recipe === null || isRecipeQuantizer(sweep.quantizer, recipe);
}

/** `state` with `sweep`: it replaces the curve of its quantizer, or adds one. */
export function addPtqSweep(state: PtqState, sweep: PtqSweep, recipe: Recipe | null): PtqState {
  const label = ptqQuantizerLabel(sweep.quantizer);
  const at = state.ptqCurves.findIndex((c) => ptqQuantizerLabel(c.quantizer) === label);
  const ptqCurves =
    at < 0 ? [...state.ptqCurves, sweep] : state.ptqCurves.map((c, i) => (i === at ? sweep : c));
  const own = isOwnSweep(sweep, recipe);
  return {
    ptq: sweep,
    ptqHistory: own ? [...state.ptqHistory, sweep] : state.ptqHistory,
    ptqCurves,
  };
}

/**
 * `state` with only the run's own quantizer's curve (the re-quantizations dropped); the latest
 * sweep becomes that curve, or none. The history over steps holds only own sweeps already.
 * While the recipe is unknown every curve counts as its own, so nothing is dropped.
 */
export function withoutExtraCurves(state: PtqState, recipe: Recipe | null): PtqState {
  const ptqCurves = state.ptqCurves.filter((c) => isOwnSweep(c, recipe));
  return { ptq: ptqCurves[0] ?? null, ptqHistory: state.ptqHistory, ptqCurves };
}

/** Whether `state` holds a curve of another quantizer than the run's own. */
export function hasExtraCurves(state: PtqState, recipe: Recipe | null): boolean {
  return state.ptqCurves.some((c) => !isOwnSweep(c, recipe));
}
