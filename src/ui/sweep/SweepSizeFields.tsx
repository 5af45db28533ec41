import { SWEEP_METRICS } from '../../sweep/sweep-metrics';
import { MAX_SWEEP_SEEDS, MIN_SWEEP_SEEDS, type SweepMetricId } from '../../sweep/sweep-types';
import { MAX_WORKERS, MIN_WORKERS } from '../../store/sweep/sweep-draft';
import { useSweep } from '../../store/sweep/sweep-store';

/** Ids of the problem lists each field points at (aria-describedby). */
export interface SizeFieldProblems {
  seeds: string;
  workers: string;
  metric: string;
}

/**
 * Seeds per value, workers at once (empty: the backend's default, shown as the placeholder) and
 * the metric plotted first.
 */
export function SweepSizeFields({
  defaultWorkers,
  problems,
}: {
  defaultWorkers: number;
  problems: SizeFieldProblems;
}) {
  const draft = useSweep((s) => s.draft);
  const editDraft = useSweep((s) => s.editDraft);
  return (
    <div className="sweep-row">
      <label className="sweep-field">
        <span>Number of seeds</span>
        <input
          type="number"
          min={MIN_SWEEP_SEEDS}
          max={MAX_SWEEP_SEEDS}
          value={draft.seeds}
          aria-describedby={problems.seeds}
          onChange={(e) => editDraft({ seeds: e.currentTarget.value })}
        />
      </label>
      <label className="sweep-field">
        <span>Workers</span>
        <input
          type="number"
          min={MIN_WORKERS}
          max={MAX_WORKERS}
          value={draft.workers}
          placeholder={`auto (${defaultWorkers})`}
          aria-describedby={problems.workers}
          onChange={(e) => editDraft({ workers: e.currentTarget.value })}
        />
      </label>
      <label className="sweep-field">
        <span>Metric plotted first</span>
        <select
          value={draft.metric}
          aria-describedby={problems.metric}
          onChange={(e) => editDraft({ metric: e.currentTarget.value as SweepMetricId })}
        >
          {SWEEP_METRICS.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
