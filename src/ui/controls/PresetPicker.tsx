import { useId } from 'react';
import { PRESETS, type Preset } from '../../settings/presets';
import { useLab } from '../../store/lab-store';
import { usePresetStatus } from './use-preset-status';
import './controls.css';

const LOCKED_REASON = 'Pause training to load a demo.';

/**
 * The teaching demos as a list of buttons, each with its name and one-line goal. Choosing one
 * replaces the whole recipe with the preset over the defaults, keeping a forced backend, and
 * opens its demo view (the URL sync then pushes a history entry, so Back returns to the previous
 * recipe). The selected preset is marked pressed, "(selected)" or "(modified)" once a setting
 * differs. Locked while a run trains, with the reason on hover and focus.
 */
export function PresetPicker() {
  const headingId = useId();
  const hintId = useId();
  const { preset: selected, modified } = usePresetStatus();
  const phase = useLab((s) => s.run.phase);
  const openPreset = useLab((s) => s.openPreset);
  const locked = phase === 'running' || phase === 'loading';
  const load = (preset: Preset) => {
    if (!locked) openPreset(preset);
  };
  return (
    <section className="preset-picker" data-testid="preset-picker" aria-labelledby={headingId}>
      <h2 id={headingId} className="preset-heading">
        Teaching demos
      </h2>
      {locked && (
        <p id={hintId} className="hint">
          {LOCKED_REASON}
        </p>
      )}
      <ul className="preset-list">
        {PRESETS.map((preset) => {
          const loaded = preset.id === selected?.id;
          return (
            <li key={preset.id}>
              <button
                type="button"
                className="preset-button"
                data-preset={preset.id}
                aria-pressed={loaded}
                aria-disabled={locked || undefined}
                aria-describedby={locked ? hintId : undefined}
                title={locked ? LOCKED_REASON : undefined}
                onClick={() => load(preset)}
              >
                <span className="preset-name">
                  {preset.name}
                  {loaded && (
                    <span className="preset-loaded"> ({modified ? 'modified' : 'selected'})</span>
                  )}
                </span>
                <span className="preset-goal">{preset.goal}</span>
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
