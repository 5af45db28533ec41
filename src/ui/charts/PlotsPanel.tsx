import type { ComponentType } from 'react';
import './charts.css';
import { KurtosisChart } from './KurtosisChart';
import { LossTermsChart } from './LossTermsChart';
import { OscillationChart } from './OscillationChart';
import { PtqChart } from './PtqChart';
import { QuantParamsChart } from './QuantParamsChart';
import { WeightHistogramChart } from './WeightHistogramChart';

/** The six plots in display order: heading and chart. */
const PLOTS: readonly { id: string; title: string; Chart: ComponentType }[] = [
  { id: 'plot-loss-terms', title: 'Loss terms and accuracy', Chart: LossTermsChart },
  { id: 'plot-histogram', title: 'Weights on the quantization grid', Chart: WeightHistogramChart },
  { id: 'plot-kurtosis', title: 'Kurtosis and outliers per layer', Chart: KurtosisChart },
  { id: 'plot-ptq', title: 'Accuracy after quantization (PTQ)', Chart: PtqChart },
  { id: 'plot-oscillation', title: 'Weight oscillations (QAT)', Chart: OscillationChart },
  { id: 'plot-quant-params', title: 'Learned quantization parameters', Chart: QuantParamsChart },
];

/**
 * The lab's six live plots in a responsive grid. The panel reads nothing from the store: each
 * chart selects only its own slice, so an engine event redraws only the charts it changes.
 */
export function PlotsPanel() {
  return (
    <section className="plots-panel" aria-labelledby="plots-heading">
      <h2 id="plots-heading" className="plots-heading">
        Live plots
      </h2>
      <div className="plots-grid">
        {PLOTS.map(({ id, title, Chart }) => (
          <article key={id} className="plots-cell" aria-labelledby={id}>
            <h3 id={id}>{title}</h3>
            <Chart />
          </article>
        ))}
      </div>
    </section>
  );
}
