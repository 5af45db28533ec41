import { useId } from 'react';
import { SETTINGS } from '../../settings/schema';
import type { RangeSpacing, SweepDraft, ValuesMode } from '../../store/sweep/sweep-draft';
import { useSweep } from '../../store/sweep/sweep-store';

/**
 * The knob's values: typed as a list (commas or spaces), or spread over a range, linear or log,
 * from, to, with N points. A knob with options takes a list only. `describedBy` names the
 * values' problems.
 */
export function SweepValuesField({ describedBy }: { describedBy: string }) {
  const id = useId();
  const draft = useSweep((s) => s.draft);
  const editDraft = useSweep((s) => s.editDraft);
  const numeric = SETTINGS[draft.knob].kind === 'number';
  const mode: ValuesMode = numeric ? draft.mode : 'list';
  const setRange = (patch: Partial<SweepDraft['range']>) =>
    editDraft({ range: { ...draft.range, ...patch } });
  return (
    <fieldset className="sweep-values">
      <legend>Values</legend>
      <div className="sweep-mode" role="radiogroup" aria-label="Values as">
        {(['list', 'range'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name={`${id}-mode`}
              value={m}
              checked={mode === m}
              disabled={m === 'range' && !numeric}
              onChange={() => editDraft({ mode: m })}
            />{' '}
            {m === 'list' ? 'A list' : 'A range'}
          </label>
        ))}
      </div>
      {mode === 'list' ? (
        <label className="sweep-field sweep-field-wide">
          <span>Values to try</span>
          <input
            type="text"
            value={draft.valuesText}
            aria-describedby={describedBy}
            spellCheck={false}
            onChange={(e) => editDraft({ valuesText: e.currentTarget.value })}
          />
        </label>
      ) : (
        <div className="sweep-range">
          <label className="sweep-field">
            <span>Spacing</span>
            <select
              value={draft.range.spacing}
              onChange={(e) => setRange({ spacing: e.currentTarget.value as RangeSpacing })}
            >
              <option value="linear">Linear</option>
              <option value="log">Logarithmic</option>
            </select>
          </label>
          {(['from', 'to', 'points'] as const).map((field) => (
            <label key={field} className="sweep-field">
              <span>{field === 'points' ? 'Points (N)' : field === 'from' ? 'From' : 'To'}</span>
              <input
                type="text"
                inputMode="decimal"
                value={draft.range[field]}
                aria-describedby={describedBy}
                onChange={(e) => setRange({ [field]: e.currentTarget.value })}
              />
            </label>
          ))}
        </div>
      )}
    </fieldset>
  );
}
