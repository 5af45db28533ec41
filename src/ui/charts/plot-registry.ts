import type { ComponentType } from 'react';
import type { PlotId } from '../../settings/plot-ids';
import { KurtosisChart } from './KurtosisChart';
import { LossTermsChart } from './LossTermsChart';
import { OscillationChart } from './OscillationChart';
import { PtqChart } from './PtqChart';
import { QuantParamsChart } from './QuantParamsChart';
import { WeightHistogramChart } from './WeightHistogramChart';

/** A live plot: its heading and the chart that draws it. */
export interface PlotEntry {
  title: string;
  Chart: ComponentType;
}

/** Every plot by id (the compiler asks for one entry per {@link PlotId}). */
export const PLOTS: Readonly<Record<PlotId, PlotEntry>> = {
  'loss-terms': { title: 'Loss terms and accuracy', Chart: LossTermsChart },
  histogram: { title: 'Weights on the quantization grid', Chart: WeightHistogramChart },
  kurtosis: { title: 'Kurtosis and outliers per layer', Chart: KurtosisChart },
  ptq: { title: 'Accuracy after quantization (PTQ)', Chart: PtqChart },
  oscillation: { title: 'Weight oscillations (QAT)', Chart: OscillationChart },
  'quant-params': { title: 'Learned quantization parameters', Chart: QuantParamsChart },
};

/** The DOM id of a plot's heading (`plot-<id>`), which the end-to-end tests find it by. */
export const plotHeadingId = (id: PlotId) => `plot-${id}`;
