import { useMemo } from 'react';
import { useLab } from '../../store/lab-store';
import { histogramEmptyText } from './empty-text';
import { Plot } from './Plot';
import { histogramFigure } from './traces/histogram';

/**
 * The chosen layer's weights on its quantization grid (the PTQ calibration grid, or the learned
 * QAT step under QAT): latent weights as bars, quantized counts as markers, clipping range shaded.
 */
export function WeightHistogramChart() {
  const histogram = useLab((s) => s.run.histogram);
  const figure = useMemo(() => histogramFigure(histogram), [histogram]);
  return (
    <figure className="chart">
      <Plot testId="histogram-chart" figure={figure} empty={histogramEmptyText()} />
      <figcaption>
        Bars count the latent weights w/s nearest each grid level (dotted lines); diamonds count the
        weights after rounding. Weights outside the shaded range are clipped to the end levels; a
        peaked layer with a few outliers leaves most levels almost empty.
      </figcaption>
    </figure>
  );
}
