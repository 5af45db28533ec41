import { useId } from 'react';
import {
  SETTINGS,
  clampNumber,
  type EnumSpec,
  type NumberSpec,
  type SettingKey,
} from '../../settings/schema';
import { useLab } from '../../store/lab-store';

interface Props {
  name: SettingKey;
  disabled: boolean;
  disabledReason: string;
}

/** One labelled control for one row of the settings table: a select or a number field. */
export function SettingControl({ name, disabled, disabledReason }: Props) {
  const id = useId();
  const spec: NumberSpec | EnumSpec = SETTINGS[name];
  const value = useLab((s) => s.settings[name]);
  const setSetting = useLab((s) => s.setSetting);
  const title = disabled ? disabledReason : undefined;
  if (spec.kind === 'enum') {
    return (
      <div className="setting">
        <label htmlFor={id}>{spec.label}</label>
        <select
          id={id}
          value={String(value)}
          disabled={disabled}
          title={title}
          onChange={(e) => setSetting(name, e.target.value as never)}
        >
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    );
  }
  return (
    <div className="setting">
      <label htmlFor={id}>
        {spec.label}
        <span className="range">
          {' '}
          ({spec.min}–{spec.max}
          {spec.unit ? ` ${spec.unit}` : ''})
        </span>
      </label>
      <input
        id={id}
        type="number"
        min={spec.min}
        max={spec.max}
        step={spec.step}
        defaultValue={value}
        key={value}
        disabled={disabled}
        title={title}
        onBlur={(e) => {
          const next = clampNumber(spec, e.target.valueAsNumber);
          e.target.value = String(next); // show the clamped value even when it equals the old one
          setSetting(name, next as never);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
    </div>
  );
}
