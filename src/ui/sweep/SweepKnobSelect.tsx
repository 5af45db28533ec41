import { SETTINGS, SETTING_GROUPS, type SettingKey } from '../../settings/schema';
import { sweepableKnobs } from '../../sweep/sweep-spec';
import { useLab } from '../../store/lab-store';
import { draftWithKnob } from '../../store/sweep/sweep-draft';
import { useSweep } from '../../store/sweep/sweep-store';

/** Sweepable knobs grouped by their settings panel, in table order. */
const KNOB_GROUPS = Object.entries(SETTING_GROUPS).map(([group, title]) => ({
  title,
  knobs: sweepableKnobs().filter((k) => SETTINGS[k].group === group),
}));

/** Every sweepable setting by its label; picking one resets the values from recipe A. */
export function SweepKnobSelect({ describedBy }: { describedBy: string }) {
  const draft = useSweep((s) => s.draft);
  const editDraft = useSweep((s) => s.editDraft);
  const recipe = useLab((s) => s.recipe);
  return (
    <label className="sweep-field sweep-field-wide">
      <span>Knob</span>
      <select
        value={draft.knob}
        aria-describedby={describedBy}
        onChange={(e) =>
          editDraft(draftWithKnob(draft, e.currentTarget.value as SettingKey, recipe))
        }
      >
        {KNOB_GROUPS.map((g) => (
          <optgroup key={g.title} label={g.title}>
            {g.knobs.map((k) => (
              <option key={k} value={k}>
                {SETTINGS[k].label}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
    </label>
  );
}
