import { useId } from 'react';
import { MAX_STEP_SCALE, type PtqQuantizer } from '../../settings/ptq-quantizer';
import { QuantizerSelect } from './QuantizerSelect';

interface Props {
  /** The quantizer being edited (its step scale is kept as typed text, in `stepText`). */
  draft: PtqQuantizer;
  /** Called with the one field the user changed. */
  onChange(patch: Partial<PtqQuantizer>): void;
  stepText: string;
  onStepText(text: string): void;
  /** Whether `stepText` is a usable step scale. */
  stepValid: boolean;
}

/** The re-quantize panel's fields: the four choices, BN folding, 8-bit edges, the step scale. */
export function QuantizerFields({ draft, onChange, stepText, onStepText, stepValid }: Props) {
  const stepId = useId();
  const set =
    <K extends keyof PtqQuantizer>(key: K) =>
    (value: PtqQuantizer[K]) =>
      onChange({ [key]: value });
  return (
    <div className="requantize-fields">
      <QuantizerSelect
        field="granularity"
        value={draft.granularity}
        onChange={set('granularity')}
      />
      <QuantizerSelect field="range" value={draft.range} onChange={set('range')} />
      <QuantizerSelect field="scheme" value={draft.scheme} onChange={set('scheme')} />
      <QuantizerSelect field="actBits" value={draft.actBits} onChange={set('actBits')} />
      <label className="requantize-field requantize-check">
        <input
          type="checkbox"
          checked={draft.fold}
          onChange={(e) => set('fold')(e.target.checked)}
        />
        Fold BN into the kernels
      </label>
      <label className="requantize-field requantize-check">
        <input
          type="checkbox"
          checked={draft.firstLast8}
          onChange={(e) => set('firstLast8')(e.target.checked)}
        />
        First and last layers at 8 bit
      </label>
      <div className="requantize-field">
        <label htmlFor={stepId}>Weight step scale (× calibrated)</label>
        <input
          id={stepId}
          type="number"
          min={0.05}
          max={MAX_STEP_SCALE}
          step={0.05}
          value={stepText}
          aria-invalid={!stepValid || undefined}
          onChange={(e) => onStepText(e.target.value)}
        />
      </div>
    </div>
  );
}
