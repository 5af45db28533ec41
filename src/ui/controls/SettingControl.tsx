import { useId, type KeyboardEvent, type MouseEvent } from 'react';
import { SETTINGS, type EnumSpec, type NumberSpec, type SettingKey } from '../../settings/schema';
import { settingDisabledReason } from '../../settings/availability';
import { clampNumber } from '../../settings/spec-check';
import { useLab } from '../../store/lab-store';
import './controls.css';

interface Props {
  name: SettingKey;
  /** Why every control is locked right now (e.g. "Pause training…"), or null when it is not. */
  lockedReason: string | null;
}

/** Keys that still move focus or reach the browser while a control is unavailable. */
const PASS_KEYS = new Set(['Tab', 'Escape', 'F5', 'F6']);

/**
 * One labelled control for one row of the settings table: a select or a number field, with its
 * label and range always visible. A control that is locked or unavailable stays focusable
 * (aria-disabled, changes ignored) and says why on hover (title) and in a hint linked by
 * aria-describedby: always shown for an unavailable setting, on focus or hover while locked.
 */
export function SettingControl({ name, lockedReason }: Props) {
  const id = useId();
  const hintId = `${id}-why`;
  const spec: NumberSpec | EnumSpec = SETTINGS[name];
  const value = useLab((s) => s.recipe[name]);
  const unavailable = useLab((s) => settingDisabledReason(name, s.recipe));
  const setSetting = useLab((s) => s.setSetting);
  const reason = lockedReason ?? unavailable;
  const blocked = reason !== null;
  const common = {
    id,
    title: reason ?? undefined,
    'aria-disabled': blocked || undefined,
    'aria-describedby': blocked ? hintId : undefined,
  };
  const rangeText = spec.kind === 'number' && (
    <span className="range">
      {' '}
      ({spec.min}–{spec.max}
      {spec.unit ? ` ${spec.unit}` : ''})
    </span>
  );
  return (
    <div className={blocked ? 'setting setting-blocked' : 'setting'}>
      <label htmlFor={id}>
        {spec.label}
        {rangeText}
      </label>
      {spec.kind === 'enum' ? (
        <select
          {...common}
          value={String(value)}
          onChange={(e) => {
            if (!blocked) setSetting(name, e.target.value as never);
          }}
          onKeyDown={blocked ? swallowKey : undefined}
          onMouseDown={blocked ? swallowMouse : undefined}
        >
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          {...common}
          type="number"
          min={spec.min}
          max={spec.max}
          step={spec.step}
          defaultValue={value}
          key={value}
          readOnly={blocked}
          onBlur={(e) => {
            // Blocked: put the stored value back; else show the clamped value, even if unchanged.
            const next = blocked ? Number(value) : clampNumber(spec, e.target.valueAsNumber);
            e.target.value = String(next);
            if (!blocked) setSetting(name, next as never);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter') e.currentTarget.blur();
          }}
        />
      )}
      {blocked && (
        <p
          id={hintId}
          className={lockedReason ? 'setting-hint setting-hint-focus' : 'setting-hint'}
        >
          {reason}
        </p>
      )}
    </div>
  );
}

/** Keep an unavailable select from changing, while Tab still moves focus past it. */
function swallowKey(e: KeyboardEvent<HTMLElement>): void {
  if (!PASS_KEYS.has(e.key) && !e.ctrlKey && !e.metaKey && !e.altKey) e.preventDefault();
}

/** Keep an unavailable select's list closed (it still takes focus). */
function swallowMouse(e: MouseEvent<HTMLElement>): void {
  e.preventDefault();
  e.currentTarget.focus();
}
