import { useId, useMemo } from 'react';
import { SWEEP_METRICS } from '../../sweep/sweep-metrics';
import type { SweepMetricId } from '../../sweep/sweep-types';
import { useSweep } from '../../store/sweep/sweep-store';
import { SweepChart } from './SweepChart';
import { SweepExports } from './SweepExports';
import { SweepOpenRun } from './SweepOpenRun';
import { SweepTable } from './SweepTable';
import { useSweepView } from './use-sweep-view';

/**
 * The sweep's results: the metric (any recorded one, chosen after the fact), the plot, the table,
 * a way to open a run, and the exports. Nothing while there is no sweep.
 */
export function SweepResults({ onOpen }: { onOpen(key: string, beside: boolean): void }) {
  const id = useId();
  const view = useSweepView();
  const setMetric = useSweep((s) => s.setMetric);
  const results = view?.results;
  const recorded = useMemo(() => {
    const summaries = Object.values(results ?? {});
    return new Set(
      SWEEP_METRICS.filter((m) => summaries.some((s) => Number.isFinite(m.read(s)))).map(
        (m) => m.id,
      ),
    );
  }, [results]);
  if (!view) return null;
  return (
    <div className="sweep-results" data-testid="sweep-results">
      <div className="sweep-row">
        <label htmlFor={id}>Show metric</label>
        <select
          id={id}
          value={view.metric.id}
          onChange={(e) => setMetric(e.currentTarget.value as SweepMetricId)}
        >
          {SWEEP_METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
              {recorded.has(m.id) ? '' : ' (not recorded)'}
            </option>
          ))}
        </select>
      </div>
      <SweepChart view={view} onOpen={onOpen} />
      <SweepTable view={view} />
      <SweepOpenRun view={view} onOpen={onOpen} />
      <SweepExports />
    </div>
  );
}
