import { useId } from 'react';
import type { PtqQuantizer } from '../../settings/ptq-quantizer';
import { SETTINGS } from '../../settings/schema';

/** The quantizer's choices and the settings whose options (and labels) they take. */
export const QUANTIZER_CHOICES = {
  granularity: { setting: 'ptqGranularity', label: 'Granularity' },
  range: { setting: 'ptqRange', label: 'Range' },
  scheme: { setting: 'ptqScheme', label: 'Scheme' },
  actBits: { setting: 'ptqActBits', label: 'Activation bits' },
} as const satisfies Record<string, { setting: keyof typeof SETTINGS; label: string }>;

export type QuantizerChoice = keyof typeof QUANTIZER_CHOICES;

interface Props<K extends QuantizerChoice> {
  field: K;
  value: PtqQuantizer[K];
  onChange(value: PtqQuantizer[K]): void;
}

/** One labelled select of the re-quantize panel, with the settings table's options. */
export function QuantizerSelect<K extends QuantizerChoice>({ field, value, onChange }: Props<K>) {
  const id = useId();
  const { setting, label } = QUANTIZER_CHOICES[field];
  const options: readonly { value: string; label: string }[] = SETTINGS[setting].options;
  return (
    <div className="requantize-field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        onChange={(e) => {
          const picked = options.find((o) => o.value === e.target.value);
          if (picked) onChange(picked.value as PtqQuantizer[K]);
        }}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}
