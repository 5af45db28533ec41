import { useCallback, useMemo } from 'react';
import { openInspector } from '../inspector/open-inspector';
import { recipeOf, useLab } from '../../store/lab-store';
import type { RunState } from '../../store/run-state';
import { oscillationEmptyText } from './empty-text';
import { Plot } from './Plot';
import { weightRaster, type WeightRaster } from './series/raster';
import type { TechniqueHistory } from './series/technique';
import type { FigureSpec } from './traces/common';
import { frozenPercentSeries, oscillationFigure, oscillationLayout } from './traces/oscillation';
import { rasterFigure } from './traces/raster';
import { useLayerOrder } from './use-layer-order';
import { useTwinFigure } from './use-twin-figure';

type Value = readonly [TechniqueHistory<'oscillation'> | undefined];

const select = (run: RunState): Value => [run.techniqueHistory.oscillation];

/** With the twin: one frozen-share axis that fits both runs. */
const finish = (figure: FigureSpec, [a]: Value, [b]: Value): FigureSpec => ({
  ...figure,
  layout: oscillationLayout([...frozenPercentSeries(a), ...frozenPercentSeries(b)]),
});

/**
 * Weight oscillations under QAT: frequency and frozen share per tracked layer over steps, and a
 * raster of a few sampled weights' integer levels in which flips show as stripes (twin B's raster
 * below A's while the twin is on).
 */
export function OscillationChart() {
  const trace = useLab((s) => s.run.weightTrace);
  const traceB = useLab((s) => (s.twin.on ? s.runB.weightTrace : null));
  const qat = useLab((s) => s.recipe.qat);
  const trackOscillations = useLab((s) => s.recipe.trackOscillations);
  const qatB = useLab((s) => recipeOf(s, 'b').qat);
  const trackOscillationsB = useLab((s) => recipeOf(s, 'b').trackOscillations);
  const order = useLayerOrder();
  const build = useCallback(([history]: Value) => oscillationFigure(history, order), [order]);
  const figure = useTwinFigure(select, build, finish);
  const raster = useMemo(() => (trace ? weightRaster(trace) : null), [trace]);
  const rasterSpec = useMemo(() => rasterFigure(raster), [raster]);
  const rasterB = useMemo(() => (traceB ? weightRaster(traceB) : null), [traceB]);
  const rasterSpecB = useMemo(() => rasterFigure(rasterB), [rasterB]);
  const empty = oscillationEmptyText({ qat, trackOscillations });
  const emptyB = oscillationEmptyText({ qat: qatB, trackOscillations: trackOscillationsB });
  return (
    <figure className="chart">
      <Plot testId="oscillation-chart" figure={figure} empty={empty} onLayerClick={openInspector} />
      <Plot testId="weight-raster" figure={rasterSpec} empty={empty} size="short" />
      <FlipCount raster={raster} testId="flip-count" />
      {rasterB ? (
        <>
          <p className="chart-note twin-raster-caption">Twin B</p>
          <Plot testId="weight-raster-b" figure={rasterSpecB} empty={emptyB} size="short" />
          <FlipCount raster={rasterB} testId="flip-count-b" />
        </>
      ) : null}
      <figcaption>
        Under QAT a weight near the middle of two grid levels can flip between them every few steps;
        frequency is the moving average of flips per 1,000 steps (solid), and dotted lines give the
        share frozen. In the raster each row is one weight: a striped row oscillates.
      </figcaption>
    </figure>
  );
}

/** How many flips the raster shows, or nothing before it has steps. */
function FlipCount({ raster, testId }: { raster: WeightRaster | null; testId: string }) {
  if (!raster || raster.steps.length === 0) return null;
  return (
    <p className="chart-note" data-testid={testId}>
      {raster.totalFlips} {raster.totalFlips === 1 ? 'flip' : 'flips'} seen across{' '}
      {raster.weights.length} sampled weights of {raster.layer} over the last {raster.steps.length}{' '}
      steps.
    </p>
  );
}
