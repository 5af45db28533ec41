/**
 * The techniques a twin B can toggle with one choice ("A, and the same with X switched"), and the
 * twin a lab starts with when the user turns A/B on.
 */
import type { SettingKey, Recipe } from './schema';
import type { Twin } from './twin-codec';

/** One technique switch: its setting and the value B takes when A has it off. */
export interface TwinToggle {
  key: SettingKey;
  label: string;
  /** Value of the switch when off. */
  off: string | number;
  /** Value B takes when A has the technique off (the paper's usual choice). */
  on: string | number;
}

export const TWIN_TOGGLES: readonly TwinToggle[] = [
  { key: 'kure', label: 'KURE', off: 'off', on: 'on' },
  { key: 'r2', label: 'R2 range loss (Margin)', off: 'off', on: 'margin' },
  { key: 'qat', label: 'QAT (LSQ+)', off: 'off', on: 'lsq+' },
  { key: 'dampening', label: 'Oscillation dampening (λ = 2)', off: 0, on: 2 },
  { key: 'freezing', label: 'Iterative weight freezing', off: 'off', on: 'on' },
  { key: 'bnReestimate', label: 'BN re-estimation', off: 'off', on: 'on' },
];

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
