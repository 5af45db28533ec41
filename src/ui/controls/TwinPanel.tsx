import { useId, useMemo } from 'react';
import { SETTINGS, SETTING_KEYS, type SettingKey, type Recipe } from '../../settings/schema';
import { clampNumber } from '../../settings/spec-check';
import { twinRecipe, type Twin } from '../../settings/twin-codec';
import { TWIN_TOGGLES, defaultTwin, toggledOverride } from '../../settings/twin-toggles';
import { recipeProblems } from '../../settings/validate-recipe';
import { useLab } from '../../store/lab-store';
import './controls.css';

/** Why the twin cannot change right now. */
const LOCKED = 'Pause training to change twin B.';

/**
 * The A/B twin: a switch that trains recipe B beside A (same seed, same data order), a one-choice
 * "B toggles technique X", and B's differences from A, each editable and removable.
 */
export function TwinPanel() {
  const twin = useLab((s) => s.twin);
  const recipe = useLab((s) => s.recipe);
  const setTwin = useLab((s) => s.setTwin);
  const phase = useLab((s) => s.run.phase);
  const locked = phase === 'running' || phase === 'loading';
  const b = useMemo(() => twinRecipe(recipe, twin), [recipe, twin]);
  const problems = useMemo(() => (twin.on ? recipeProblems(b) : []), [twin.on, b]);
  const update = (next: Twin) => {
    if (!locked) setTwin(next);
  };
  return (
    <fieldset className="twin-panel" data-testid="twin-panel">
      <legend>A/B twin run</legend>
      <label className="twin-switch">
        <input
          type="checkbox"
          checked={twin.on}
          aria-disabled={locked || undefined}
          title={locked ? LOCKED : undefined}
          onChange={() => update(twin.on ? { ...twin, on: false } : withDefaults(recipe, twin))}
        />
        Train twin B beside A (same seed and data order)
      </label>
      {twin.on ? (
        <>
          <ToggleChooser recipe={recipe} locked={locked} onChoose={update} />
          <Differences recipe={recipe} twin={twin} locked={locked} onChange={update} />
          {problems.length > 0 ? (
            <p className="twin-problem" role="alert" data-testid="twin-problems">
              Twin B cannot train: {problems.join(' ')}
            </p>
          ) : null}
          <TwinStatus />
        </>
      ) : null}
      {locked ? <p className="hint">{LOCKED}</p> : null}
    </fieldset>
  );
}

/** The twin when switched on: its earlier differences, or A with one technique flipped. */
function withDefaults(recipe: Recipe, twin: Twin): Twin {
  return Object.keys(twin.overrides).length > 0 ? { ...twin, on: true } : defaultTwin(recipe);
}

function ToggleChooser(props: { recipe: Recipe; locked: boolean; onChoose(twin: Twin): void }) {
  const id = useId();
  return (
    <div className="setting">
      <label htmlFor={id}>B = A with one technique switched</label>
      <select
        id={id}
        value=""
        aria-disabled={props.locked || undefined}
        onChange={(e) => {
          const toggle = TWIN_TOGGLES.find((t) => t.key === e.target.value);
          if (toggle)
            props.onChoose({ on: true, overrides: toggledOverride(props.recipe, toggle) });
        }}
      >
        <option value="">Choose a technique…</option>
        {TWIN_TOGGLES.map((t) => (
          <option key={t.key} value={t.key}>
            {t.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** B's settings that differ from A's: edit a value, remove it, or add another. */
function Differences(props: {
  recipe: Recipe;
  twin: Twin;
  locked: boolean;
  onChange(twin: Twin): void;
}) {
  const { recipe, twin, locked, onChange } = props;
  const addId = useId();
  const keys = SETTING_KEYS.filter((key) => key in twin.overrides);
  const setOverride = (key: SettingKey, value: string | number | null) => {
    const overrides: Record<string, unknown> = { ...twin.overrides };
    if (value === null) delete overrides[key];
    else overrides[key] = value;
    onChange({ on: true, overrides: overrides as Partial<Recipe> });
  };
  return (
    <div className="twin-differences">
      {keys.length === 0 ? (
        <p className="hint" data-testid="twin-same">
          B equals A: both streams should match step for step.
        </p>
      ) : (
        <ul aria-label="Where B differs from A">
          {keys.map((key) => (
            <li key={key} data-testid={`twin-override-${SETTINGS[key].param}`}>
              <OverrideField
                name={key}
                value={twin.overrides[key]!}
                aValue={recipe[key]}
                locked={locked}
                onChange={(value) => setOverride(key, value)}
              />
              <button
                type="button"
                aria-label={`Remove B's ${SETTINGS[key].label}`}
                aria-disabled={locked || undefined}
                onClick={() => setOverride(key, null)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="setting">
        <label htmlFor={addId}>Add a difference</label>
        <select
          id={addId}
          value=""
          aria-disabled={locked || undefined}
          onChange={(e) => {
            const key = e.target.value as SettingKey;
            if (key in SETTINGS) setOverride(key, initialOverride(recipe, key));
          }}
        >
          <option value="">Choose a setting…</option>
          {SETTING_KEYS.filter((key) => !(key in twin.overrides)).map((key) => (
            <option key={key} value={key}>
              {SETTINGS[key].label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

/** A new difference starts at another option of an enum, or at A's value of a number. */
function initialOverride(a: Recipe, key: SettingKey): string | number {
  const spec = SETTINGS[key];
  if (spec.kind === 'number') return a[key];
  return spec.options.find((o) => o.value !== a[key])?.value ?? spec.default;
}

/** B's value of one setting (a select or a number field), with A's value beside it. */
function OverrideField(props: {
  name: SettingKey;
  value: string | number;
  aValue: string | number;
  locked: boolean;
  onChange(value: string | number): void;
}) {
  const id = useId();
  const spec = SETTINGS[props.name];
  const label = (
    <label htmlFor={id}>
      B: {spec.label} <span className="range">(A: {String(props.aValue)})</span>
    </label>
  );
  if (spec.kind === 'enum') {
    return (
      <>
        {label}
        <select
          id={id}
          value={String(props.value)}
          aria-disabled={props.locked || undefined}
          onChange={(e) => {
            if (!props.locked) props.onChange(e.target.value);
          }}
        >
          {spec.options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      </>
    );
  }
  return (
    <>
      {label}
      <input
        id={id}
        type="number"
        min={spec.min}
        max={spec.max}
        step={spec.step}
        defaultValue={props.value}
        key={props.value}
        readOnly={props.locked}
        onBlur={(e) => {
          const next = clampNumber(spec, e.target.valueAsNumber);
          e.target.value = String(props.locked ? props.value : next);
          if (!props.locked) props.onChange(next);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Enter') e.currentTarget.blur();
        }}
      />
    </>
  );
}

/** One line on run B: its phase, step and latest test accuracy. */
function TwinStatus() {
  const phase = useLab((s) => s.runB.phase);
  const step = useLab((s) => s.runB.step);
  const accuracy = useLab((s) => s.runB.testAccuracy.value.at(-1));
  const error = useLab((s) => s.runB.error?.message);
  return (
    <p className="twin-status" data-testid="twin-status" data-phase={phase} data-step={step}>
      B: {phase}, step {step}
      {accuracy !== undefined ? `, test accuracy ${(100 * accuracy).toFixed(1)} %` : ''}
      {error ? ` — ${error}` : ''}
    </p>
  );
}
