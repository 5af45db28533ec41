import { useId } from 'react';
import { PRESETS, findPreset } from '../../settings/presets';
import { useLab } from '../../store/lab-store';
import { usePresetStatus } from '../controls/use-preset-status';

/**
 * The demo view's preset chooser: a compact select (eight cards would fill the screen), with
 * "modified" beside it once a setting differs from the preset. Locked while a run trains.
 */
export function DemoPicker() {
  const id = useId();
  const { preset, modified } = usePresetStatus();
  const openPreset = useLab((s) => s.openPreset);
  const phase = useLab((s) => s.run.phase);
  const locked = phase === 'running' || phase === 'loading';
  return (
    <div className="demo-picker">
      <label htmlFor={id}>Demo</label>
      <select
        id={id}
        data-testid="demo-picker"
        value={preset?.id ?? ''}
        aria-disabled={locked || undefined}
        title={locked ? 'Pause training to load a demo.' : undefined}
        onChange={(e) => {
          const next = findPreset(e.target.value);
          if (next && !locked) openPreset(next);
        }}
      >
        {PRESETS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.name}
          </option>
        ))}
      </select>
      {modified && (
        <span className="demo-modified" data-testid="demo-modified" title="A setting differs">
          modified
        </span>
      )}
    </div>
  );
}
