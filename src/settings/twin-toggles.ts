/**
 * The techniques a twin B can toggle with one choice ("A, and the same with X switched"), and the
 * twin a lab starts with when the user turns A/B on.
 */
import type { Recipe } from './schema';
import { TECHNIQUES, type TwinToggle } from './techniques';
import type { Twin } from './twin-codec';

/** Every technique switch the twin offers, in technique order (from the descriptors). */
export const TWIN_TOGGLES: readonly TwinToggle[] = TECHNIQUES.flatMap((t) => t.twin ?? []);

/** B's override that flips `toggle` relative to recipe A. */
export function toggledOverride(a: Recipe, toggle: TwinToggle): Partial<Recipe> {
  const next = a[toggle.key] === toggle.off ? toggle.on : toggle.off;
  return { [toggle.key]: next } as Partial<Recipe>;
}

/**
 * The twin a lab starts with: under QAT, the same run with dampening flipped (the oscillation
 * papers' comparison); in float training, with KURE flipped (the KURE paper's).
 */
export function defaultTwin(a: Recipe): Twin {
  const key = a.qat === 'off' ? 'kure' : 'dampening';
  const toggle = TWIN_TOGGLES.find((t) => t.key === key)!;
  return { on: true, overrides: toggledOverride(a, toggle) };
}
