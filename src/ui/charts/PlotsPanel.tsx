import type { ComponentType } from 'react';
import { useLab } from '../../store/lab-store';
import './charts.css';
import { KurtosisChart } from './KurtosisChart';
import { LossTermsChart } from './LossTermsChart';
import { OscillationChart } from './OscillationChart';
import { PtqChart } from './PtqChart';
import { QuantParamsChart } from './QuantParamsChart';
import { TwinDiffStrip } from './TwinDiffStrip';
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

/** The caption over the plots while twin B trains beside A. */
export const TWIN_CAPTION =
  'A solid, B faded: every plot overlays twin B (dashed where a line had no dash).';

/**
 * The lab's six live plots in a responsive grid, with the twin's caption and B − A strip on top
 * while the twin is on. The panel reads only the twin switch from the store: each chart selects
 * only its own slice, so an engine event redraws only the charts it changes.
 */
export function PlotsPanel() {
  const twinOn = useLab((s) => s.twin.on);
  return (
    <section className="plots-panel" aria-labelledby="plots-heading">
      <h2 id="plots-heading" className="plots-heading">
        Live plots
      </h2>
      {twinOn ? (
        <p className="twin-caption" data-testid="twin-caption">
          {TWIN_CAPTION}
        </p>
      ) : null}
      <TwinDiffStrip />
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
