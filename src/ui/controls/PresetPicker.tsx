import { useId, useMemo } from 'react';
import { PRESETS, matchingPreset, presetRecipe, type Preset } from '../../settings/presets';
import { useLab } from '../../store/lab-store';
import './controls.css';

const LOCKED_REASON = 'Pause training to load a demo.';

/**
 * The teaching demos as a list of buttons, each with its name and one-line goal. Choosing one
 * replaces the whole recipe with the preset over the defaults (the URL sync then pushes a history
 * entry, so Back returns to the previous recipe). The preset the settings still equal is marked
 * pressed and "(loaded)". Locked while a run trains, with the reason on hover and focus.
 */
export function PresetPicker() {
  const headingId = useId();
  const hintId = useId();
  const recipe = useLab((s) => s.recipe);
  const loadedId = useMemo(() => matchingPreset(recipe)?.id ?? null, [recipe]);
  const phase = useLab((s) => s.run.phase);
  const replaceRecipe = useLab((s) => s.replaceRecipe);
  const locked = phase === 'running' || phase === 'loading';
  const load = (preset: Preset) => {
    if (!locked) replaceRecipe(presetRecipe(preset));
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
          const loaded = preset.id === loadedId;
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
                  {loaded && <span className="preset-loaded"> (loaded)</span>}
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
