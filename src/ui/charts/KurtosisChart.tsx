import { useCallback } from 'react';
import { openInspector } from '../inspector/open-inspector';
import type { Recipe } from '../../settings/schema';
import type { RunState } from '../../store/run-state';
import { kurtosisEmptyText } from './empty-text';
import { Plot } from './Plot';
import type { FigureSpec } from './traces/common';
import { kurtosisFigure, withTwinKureTarget } from './traces/kurtosis';
import type { OverlayLabels } from './traces/twin';
import { useLayerOrder } from './use-layer-order';
import { useTwinFigure } from './use-twin-figure';

type Value = readonly [RunState['layerStatsHistory'], number, boolean];

/** Each twin's kurtosis history with its own recipe's KURE target and switch. */
const select = (run: RunState, s: Recipe): Value => [
  run.layerStatsHistory,
  s.kureTarget,
  s.kure === 'on',
];

const finish = (
  figure: FigureSpec,
  [, targetA, kureA]: Value,
  [, targetB, kureB]: Value,
  labels: OverlayLabels,
) =>
  withTwinKureTarget(
    figure,
    { target: targetA, kureOn: kureA },
    { target: targetB, kureOn: kureB },
    labels,
  );

/** Kurtosis and max|w|/std of every weight layer over steps, with the KURE target as a line. */
export function KurtosisChart() {
  const order = useLayerOrder();
  const build = useCallback(
    ([history, target, kureOn]: Value) => kurtosisFigure(history, target, kureOn, order),
    [order],
  );
  const figure = useTwinFigure(select, build, finish);
  return (
    <figure className="chart">
      <Plot
        testId="kurtosis-chart"
        figure={figure}
        empty={kurtosisEmptyText()}
        onLayerClick={openInspector}
      />
      <figcaption>
        Kurtosis says how heavy a layer&apos;s tails are: 3 = Gaussian, 1.8 = uniform, the shape
        that fills a quantization grid evenly. With KURE on, the solid lines should approach the
        dashed target; the dotted max|w|/std lines fall as outliers shrink. Click a layer&apos;s
        line or legend entry to open it in the layer inspector.
      </figcaption>
    </figure>
  );
}
