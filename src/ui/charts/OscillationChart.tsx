import { useMemo } from 'react';
import { useLab } from '../../store/lab-store';
import { oscillationEmptyText } from './empty-text';
import { Plot } from './Plot';
import { weightRaster } from './series/raster';
import { oscillationFigure } from './traces/oscillation';
import { rasterFigure } from './traces/raster';
import { useLayerOrder } from './use-layer-order';

/**
 * Weight oscillations under QAT: frequency and frozen share per tracked layer over steps, and a
 * raster of a few sampled weights' integer levels in which flips show as stripes.
 */
export function OscillationChart() {
  const history = useLab((s) => s.run.techniqueHistory['oscillation']);
  const trace = useLab((s) => s.run.weightTrace);
  const qat = useLab((s) => s.settings.qat);
  const trackOscillations = useLab((s) => s.settings.trackOscillations);
  const order = useLayerOrder();
  const figure = useMemo(() => oscillationFigure(history, order), [history, order]);
  const raster = useMemo(() => (trace ? weightRaster(trace) : null), [trace]);
  const rasterSpec = useMemo(() => rasterFigure(raster), [raster]);
  const empty = oscillationEmptyText({ qat, trackOscillations });
  return (
    <figure className="chart">
      <Plot testId="oscillation-chart" figure={figure} empty={empty} />
      <Plot testId="weight-raster" figure={rasterSpec} empty={empty} size="short" />
      {raster && raster.steps.length > 0 ? (
        <p className="chart-note" data-testid="flip-count">
          {raster.totalFlips} {raster.totalFlips === 1 ? 'flip' : 'flips'} seen across{' '}
          {raster.weights.length} sampled weights of {raster.layer} over the last{' '}
          {raster.steps.length} steps.
        </p>
      ) : null}
      <figcaption>
        Under QAT a weight near the middle of two grid levels can flip between them every few steps;
        frequency is the moving average of flips per step (solid), and dotted lines give the share
        frozen. In the raster each row is one weight: a striped row oscillates.
      </figcaption>
    </figure>
  );
}
