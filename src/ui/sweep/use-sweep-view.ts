import { useMemo } from 'react';
import { aggregateSweep } from '../../sweep/aggregate';
import { sweepMetric } from '../../sweep/sweep-metrics';
import { baselineIndex } from '../../sweep/sweep-plan';
import { useSweep } from '../../store/sweep/sweep-store';

/**
 * The sweep's results for the chosen metric: one row per knob value (mean ± std, seeds, diverged
 * runs, the verdict against the baseline value). Selects only what the results depend on, so the
 * progress ticks of runs in flight do not recompute or redraw them. Null while there is no sweep.
 */
export function useSweepView() {
  const plan = useSweep((s) => s.sweep?.plan);
  const results = useSweep((s) => s.sweep?.results);
  const spec = useSweep((s) => s.sweep?.spec);
  const recipe = useSweep((s) => s.sweep?.recipe);
  const metricId = useSweep((s) => s.metric);
  return useMemo(() => {
    if (!plan || !results || !spec || !recipe) return null;
    const metric = sweepMetric(metricId);
    const baseline = baselineIndex(recipe, spec);
    const rows = aggregateSweep(plan, new Map(Object.entries(results)), metric, baseline);
    return { plan, results, spec, recipe, metric, baseline, rows };
  }, [plan, results, spec, recipe, metricId]);
}

/** The results view's data, when there is a sweep. */
export type SweepView = NonNullable<ReturnType<typeof useSweepView>>;
