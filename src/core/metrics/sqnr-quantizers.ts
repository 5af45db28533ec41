import type { QuantizerConfig } from '../quant/params';

/** Signal-to-quantization-noise ratio as implemented, in decibels. */
export const SQNR_FORMULA = 'SQNR = 10 log10( sum_i w_i^2 / sum_i (w_i - Q(w_i))^2 )  [dB]';

/**
 * The weight quantizers the layer inspector compares (issue 17): what per-channel scales, an MSE
 * range and an offset each buy over the plain symmetric per-tensor min-max grid. Each is a
 * {@link QuantizerConfig} without its bits and layer kind, so it runs through the one quantizer.
 */
export const SQNR_QUANTIZERS = [
  {
    id: 'per-tensor',
    label: 'symmetric per-tensor min-max',
    config: { scheme: 'symmetric', granularity: 'per-tensor', range: 'min-max' },
  },
  {
    id: 'per-channel',
    label: 'symmetric per-channel min-max',
    config: { scheme: 'symmetric', granularity: 'per-channel', range: 'min-max' },
  },
  {
    id: 'mse',
    label: 'symmetric per-tensor MSE range',
    config: { scheme: 'symmetric', granularity: 'per-tensor', range: 'mse' },
  },
  {
    id: 'asymmetric',
    label: 'asymmetric per-tensor min-max',
    config: { scheme: 'asymmetric', granularity: 'per-tensor', range: 'min-max' },
  },
] as const satisfies readonly {
  id: string;
  label: string;
  config: Omit<QuantizerConfig, 'bits' | 'kind'>;
}[];
