import { useId } from 'react';
import { ToyNumberField } from './ToyNumberField';
import { TOY_RANGES, toyTargetRange, type ToyControlsValue } from './toy-options';

/** Props of {@link ToyControls}. */
export interface ToyControlsProps {
  controls: ToyControlsValue;
  /** Apply a change (clamped by the caller's hook). */
  onChange: (patch: Partial<ToyControlsValue>) => void;
}

/**
 * The toy widget's settings: target w* (slider and field), bit width, learning rate, dampening
 * lambda, and freezing on/off with its threshold. All native, labelled, keyboard-usable inputs.
 */
export function ToyControls({ controls, onChange }: ToyControlsProps) {
  const bitsId = useId();
  const freezeId = useId();
  return (
    <fieldset className="toy-controls">
      <legend>Settings</legend>
      <ToyNumberField
        label="Target w*"
        value={controls.wStar}
        range={toyTargetRange(controls.bits)}
        onChange={(wStar) => onChange({ wStar })}
        slider
      />
      <div className="toy-field">
        <label htmlFor={bitsId}>Bits (restarts)</label>
        <select
          id={bitsId}
          value={controls.bits}
          onChange={(e) => onChange({ bits: Number(e.target.value) })}
        >
          {[2, 3, 4].map((b) => (
            <option key={b} value={b}>
              {b} bits ({2 ** b} levels)
            </option>
          ))}
        </select>
      </div>
      <ToyNumberField
        label="Learning rate"
        value={controls.lr}
        range={TOY_RANGES.lr}
        onChange={(lr) => onChange({ lr })}
      />
      <ToyNumberField
        label="Dampening λ"
        value={controls.dampening}
        range={TOY_RANGES.dampening}
        onChange={(dampening) => onChange({ dampening })}
      />
      <div className="toy-field toy-check">
        <input
          id={freezeId}
          type="checkbox"
          checked={controls.freezeOn}
          onChange={(e) => onChange({ freezeOn: e.target.checked })}
        />
        <label htmlFor={freezeId}>Freezing</label>
      </div>
      <ToyNumberField
        label="Freezing threshold on f"
        value={controls.freezeThreshold}
        range={TOY_RANGES.freezeThreshold}
        onChange={(freezeThreshold) => onChange({ freezeThreshold })}
        disabled={!controls.freezeOn}
      />
    </fieldset>
  );
}
