/** How a sweep's values and runs are named in the panel, the notices and opened runs. Pure. */
import { SETTINGS } from '../../settings/schema';
import type { KnobValue, SweepRun, SweepSpec } from '../../sweep/sweep-types';

/** A knob value as the plot and table show it: numbers as written, options by their value. */
export const valueText = (value: KnobValue): string => String(value);

/** "Learning rate = 0.003": one value of the sweep's knob. */
export function valueName(spec: Pick<SweepSpec, 'knob'>, value: KnobValue): string {
  return `${SETTINGS[spec.knob].label} = ${valueText(value)}`;
}

/** "Learning rate = 0.003, seed 2": one run of a sweep (the seed as the recipe holds it). */
export function runName(sweep: { spec: Pick<SweepSpec, 'knob'> } | null, run: SweepRun): string {
  const value = sweep ? valueName(sweep.spec, run.value) : valueText(run.value);
  return `${value}, seed ${run.seed}`;
}
