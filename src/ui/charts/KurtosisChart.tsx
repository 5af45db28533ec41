import { useMemo } from 'react';
import { useLab } from '../../store/lab-store';
import { kurtosisEmptyText } from './empty-text';
import { Plot } from './Plot';
import { kurtosisFigure } from './traces/kurtosis';
import { useLayerOrder } from './use-layer-order';

/** Kurtosis and max|w|/std of every weight layer over steps, with the KURE target as a line. */
export function KurtosisChart() {
  const history = useLab((s) => s.run.layerStatsHistory);
  const target = useLab((s) => s.settings.kureTarget);
  const kureOn = useLab((s) => s.settings.kure === 'on');
  const order = useLayerOrder();
  const figure = useMemo(
    () => kurtosisFigure(history, target, kureOn, order),
    [history, target, kureOn, order],
  );
  return (
    <figure className="chart">
      <Plot testId="kurtosis-chart" figure={figure} empty={kurtosisEmptyText()} />
      <figcaption>
        Kurtosis says how heavy a layer&apos;s tails are: 3 = Gaussian, 1.8 = uniform, the shape
        that fills a quantization grid evenly. With KURE on, the solid lines should approach the
        dashed target; the dotted max|w|/std lines fall as outliers shrink.
      </figcaption>
    </figure>
  );
}
