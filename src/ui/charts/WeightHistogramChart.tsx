import type { OverlayLabels } from './traces/twin';
import { useLab } from '../../store/lab-store';
import type { RunState } from '../../store/run-state';
import { histogramEmptyText } from './empty-text';
import { Plot } from './Plot';
import type { FigureSpec } from './traces/common';
import { histogramFigure, withTwinHistogram } from './traces/histogram';
import { useTwinFigure } from './use-twin-figure';

type Value = readonly [RunState['histogram']];

const select = (run: RunState): Value => [run.histogram];

const build = ([histogram]: Value) => histogramFigure(histogram);

const finish = (overlaid: FigureSpec, [a]: Value, [b]: Value, labels: OverlayLabels) =>
  withTwinHistogram(overlaid, a, b, labels);

/**
 * The chosen layer's weights on its quantization grid (the PTQ calibration grid, or the learned
 * QAT step under QAT): latent weights as bars, quantized counts as markers, clipping range shaded.
 */
export function WeightHistogramChart() {
  const figure = useTwinFigure(select, build, finish);
  // The run's own recipe while it has one: its cadence decides when the histogram comes.
  const recipe = useLab((s) => s.run.recipe ?? s.recipe);
  return (
    <figure className="chart">
      <Plot testId="histogram-chart" figure={figure} empty={histogramEmptyText(recipe)} />
      <figcaption>
        Bars count the latent weights w/s nearest each grid level (dotted lines); diamonds count the
        weights after rounding. Weights outside the shaded range are clipped to the end levels; a
        peaked layer with a few outliers leaves most levels almost empty.
      </figcaption>
    </figure>
  );
}
