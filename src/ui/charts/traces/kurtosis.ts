import type { Dash, Shape } from 'plotly.js';
import type { RunState } from '../../../store/run-state';
import { COLORS } from '../palette';
import { countPoints } from '../series/common';
import { kurtosisSeries, outlierRatioSeries } from '../series/layer-stats';
import {
  baseLayout,
  horizontalLine,
  layerLinesWithCompanions,
  titled,
  type FigureSpec,
} from './common';
import { twinBDash, TWIN_PREFIX, type OverlayLabels } from './twin';

/**
 * Kurtosis per layer (solid, left axis), max|w|/std per layer (dotted, right axis) and a dashed
 * line at the KURE target `target`, drawn whether or not KURE is on (`kureOn` only changes its
 * label). The line is named in the legend, not by a label on the plot, where it would sit on the
 * curves (they approach the target).
 */
export function kurtosisFigure(
  history: RunState['layerStatsHistory'],
  target: number,
  kureOn: boolean,
  order: readonly string[],
): FigureSpec {
  const kurtosis = kurtosisSeries(history);
  const ratio = outlierRatioSeries(history);
  const data = layerLinesWithCompanions(kurtosis, ratio, order, {
    main: 'kurtosis %{y:.2f}',
    companion: 'max|w|/std %{y:.2f}',
    companionSuffix: 'max|w|/std',
  });
  const layout = baseLayout('kurtosis', {
    xaxis: titled('training step'),
    yaxis: { ...titled('kurtosis, solid'), rangemode: 'tozero' },
    yaxis2: {
      ...titled('max|w| / std, dotted'),
      overlaying: 'y',
      side: 'right',
      rangemode: 'tozero',
      showgrid: false,
    },
    shapes: [kureTargetShape(kureTargetLabel(target, kureOn), target)],
  });
  return { data, layout, points: countPoints(kurtosis), stepAxis: 'x' };
}

/** Label of the KURE target line. */
export function kureTargetLabel(target: number, kureOn: boolean): string {
  return `KURE target ${target}${kureOn ? '' : ' (KURE off)'}`;
}

/** The dashed KURE target line across the plot, with its legend entry `name`. */
function kureTargetShape(name: string, target: number, dash: Dash = 'dash'): Partial<Shape> {
  return horizontalLine(target, { color: COLORS.reference, dash, width: 1.5 }, { name });
}

/** The KURE settings of one twin's recipe. */
export interface KureTarget {
  target: number;
  kureOn: boolean;
}

/**
 * The twin overlay of the kurtosis chart with each twin's own KURE target: when B's target or
 * KURE switch differs from A's, A's line is named 'A · …' and B's line is added at full strength
 * in B's dash pattern, named 'B · …'; when they agree the one line serves both.
 */
export function withTwinKureTarget(
  figure: FigureSpec,
  a: KureTarget,
  b: KureTarget,
  labels: OverlayLabels = TWIN_PREFIX,
): FigureSpec {
  if (a.target === b.target && a.kureOn === b.kureOn) return figure;
  const labelA = labels.a + kureTargetLabel(a.target, a.kureOn);
  const labelB = labels.b + kureTargetLabel(b.target, b.kureOn);
  const layout = {
    ...figure.layout,
    shapes: [
      kureTargetShape(labelA, a.target),
      kureTargetShape(labelB, b.target, twinBDash('dash')),
    ],
  };
  return { ...figure, layout };
}
