import { useId } from 'react';
import type { ControlRange } from './toy-options';

/** Props of {@link ToyNumberField}. */
export interface ToyNumberFieldProps {
  /** Visible label text. */
  label: string;
  /** Current value. */
  value: number;
  /** Allowed range and step; shown next to the label. */
  range: ControlRange;
  /** Called with the typed or dragged number (the caller clamps it). */
  onChange: (value: number) => void;
  /** Also show a range slider (for dragging), labelled by the same label. */
  slider?: boolean;
  /** Disable the field (it stays readable). */
  disabled?: boolean;
}

/**
 * One labelled numeric control of the toy widget: a number field and, optionally, a slider bound to
 * the same value. Non-numbers (an emptied field) are ignored until a number is typed.
 */
export function ToyNumberField({
  label,
  value,
  range,
  onChange,
  slider = false,
  disabled = false,
}: ToyNumberFieldProps) {
  const id = useId();
  const emit = (v: number) => {
    if (Number.isFinite(v)) onChange(v);
  };
  const common = { min: range.min, max: range.max, step: range.step, value, disabled };
  return (
    <div className="toy-field">
      <label htmlFor={slider ? `${id}-range` : id}>
        {label}{' '}
        <span className="toy-range">
          ({range.min} to {range.max})
        </span>
      </label>
      <div className="toy-field-inputs">
        {slider ? (
          <input
            {...common}
            id={`${id}-range`}
            type="range"
            onChange={(e) => emit(e.target.valueAsNumber)}
          />
        ) : null}
        <input
          {...common}
          id={id}
          type="number"
          aria-label={slider ? `${label} (exact value)` : undefined}
          onChange={(e) => emit(e.target.valueAsNumber)}
        />
      </div>
    </div>
  );
}
