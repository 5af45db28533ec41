import { useId } from 'react';
import { SWEEP_PRESETS, sweepPresetRecipe, type SweepPreset } from '../../sweep/sweep-presets';
import { useLab } from '../../store/lab-store';
import { draftFromSpec } from '../../store/sweep/sweep-draft';
import { useSweep } from '../../store/sweep/sweep-store';

const LOCKED_REASON = 'Pause training to load a ready sweep: it replaces recipe A.';

/**
 * Ready sweeps, each with what to look for in its plot. Choosing one sets recipe A (a history
 * entry, as a teaching demo does) and then fills the form, so the new entry's link holds both.
 */
export function SweepPresetPicker() {
  const headingId = useId();
  const phase = useLab((s) => s.run.phase);
  const locked = phase === 'running' || phase === 'loading';
  const choose = (preset: SweepPreset) => {
    if (locked) return;
    useLab.getState().replaceRecipe(sweepPresetRecipe(preset));
    const sweep = useSweep.getState();
    sweep.editDraft(draftFromSpec(preset.spec, sweep.draft));
  };
  return (
    <details className="sweep-presets">
      <summary id={headingId}>Ready sweeps</summary>
      {locked && <p className="hint">{LOCKED_REASON}</p>}
      <ul className="preset-list" aria-labelledby={headingId}>
        {SWEEP_PRESETS.map((preset) => (
          <li key={preset.id}>
            <button
              type="button"
              className="preset-button"
              data-sweep-preset={preset.id}
              aria-disabled={locked || undefined}
              title={locked ? LOCKED_REASON : undefined}
              onClick={() => choose(preset)}
            >
              <span className="preset-name">{preset.title}</span>
              <span className="preset-goal">{preset.lookFor}</span>
            </button>
          </li>
        ))}
      </ul>
    </details>
  );
}
