import type { Recipe } from './schema';
import { TECHNIQUES } from './techniques';

/**
 * Combinations of settings that cannot train as asked, each as a sentence that says how to fix
 * it: every technique's own rules (its descriptor), in technique order. Every single value is
 * already valid (the URL codec and protocol clamp or reject those); this catches settings that
 * only make sense together. Pure, so the UI can disable Start with the same reasons the engine
 * refuses a run with.
 */
export function recipeProblems(r: Recipe): string[] {
  return TECHNIQUES.flatMap((t) => t.problems?.(r) ?? []);
}
