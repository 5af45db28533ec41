import { useId, useState } from 'react';
import { runName } from '../../store/sweep/sweep-names';
import type { SweepView } from './use-sweep-view';

/**
 * The keyboard's way to what a click on the plot does: pick a finished run, open it as A, or as
 * B beside the baseline value's run of the same seed.
 */
export function SweepOpenRun({
  view,
  onOpen,
}: {
  view: SweepView;
  onOpen(key: string, beside: boolean): void;
}) {
  const id = useId();
  const finished = view.plan.filter((r) => r.key in view.results);
  const [picked, setPicked] = useState('');
  const key = finished.some((r) => r.key === picked) ? picked : (finished[0]?.key ?? '');
  if (finished.length === 0) return null;
  return (
    <div className="sweep-row">
      <label htmlFor={id}>Finished run</label>
      <select id={id} value={key} onChange={(e) => setPicked(e.currentTarget.value)}>
        {finished.map((r) => (
          <option key={r.key} value={r.key}>
            {runName(view, r)}
            {view.results[r.key]?.diverged ? ' (diverged)' : ''}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => onOpen(key, false)}>
        Open as A
      </button>
      <button type="button" onClick={() => onOpen(key, true)}>
        Open as B beside the baseline
      </button>
    </div>
  );
}
