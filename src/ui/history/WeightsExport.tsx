import { useId, useState } from 'react';
import { BIT_WIDTHS } from '../../core/quant/bits';
import { useLab } from '../../store/lab-store';

/** Props of {@link WeightsExport}. */
export interface WeightsExportProps {
  /** Ask the engine for the current weights at `bits`; absent while no engine is connected. */
  onExportWeights?(bits: number): void;
}

/**
 * The current model's weights as one file, asked of the engine: a labelled bit-width picker
 * (starting at the histogram's bit width) and the button; the file downloads when the engine
 * answers.
 */
export function WeightsExport({ onExportWeights }: WeightsExportProps) {
  const bitsId = useId();
  const hintId = useId();
  const histBits = useLab((s) => s.recipe.histBits);
  const [bits, setBits] = useState<number | null>(null);
  const chosen = bits ?? histBits;
  return (
    <>
      <div className="run-current-row">
        <label htmlFor={bitsId}>Weights at</label>
        <select id={bitsId} value={chosen} onChange={(e) => setBits(Number(e.currentTarget.value))}>
          {BIT_WIDTHS.map((b) => (
            <option key={b} value={b}>
              {b} bit
            </option>
          ))}
        </select>
        <button
          type="button"
          disabled={!onExportWeights}
          aria-describedby={hintId}
          onClick={() => onExportWeights?.(chosen)}
        >
          Export weights
        </button>
      </div>
      <p id={hintId} className="hint-muted">
        One JSON file: the float weights in tfjs format and, BN folded, each layer’s integer codes
        with scales and zero points (PTQ recipe of the run). Pause or finish the run first.
      </p>
    </>
  );
}
