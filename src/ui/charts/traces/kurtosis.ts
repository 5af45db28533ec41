import type { Annotations, Shape } from 'plotly.js';
import type { RunState } from '../../../store/run-state';
import { COLORS } from '../palette';
import { countPoints } from '../series/common';
import { kurtosisSeries, outlierRatioSeries } from '../series/layer-stats';
import { baseLayout, layerLinesWithCompanions, titled, type FigureSpec } from './common';
import { TWIN_B_OPACITY, TWIN_PREFIX } from './twin';

/**
 * Kurtosis per layer (solid, left axis), max|w|/std per layer (dotted, right axis) and a dashed
 * line at the KURE target `target`, drawn whether or not KURE is on (`kureOn` only changes its label).
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
    shapes: [kureTargetShape(target)],
    annotations: [kureTargetAnnotation(kureTargetLabel(target, kureOn), target, 'left')],
  });
  return { data, layout, points: countPoints(kurtosis), stepAxis: 'x' };
}

/** Label of the KURE target line. */
export function kureTargetLabel(target: number, kureOn: boolean): string {
  return `KURE target ${target}${kureOn ? '' : ' (KURE off)'}`;
}

function kureTargetShape(target: number, opacity = 1): Partial<Shape> {
  return {
    type: 'line',
    xref: 'paper',
    yref: 'y',
    x0: 0,
    x1: 1,
    y0: target,
    y1: target,
    ...(opacity < 1 ? { opacity } : {}),
    line: { color: COLORS.reference, dash: 'dash', width: 1.5 },
  };
}

function kureTargetAnnotation(
  text: string,
  target: number,
  side: 'left' | 'right',
  opacity = 1,
): Partial<Annotations> {
  return {
    xref: 'paper',
    yref: 'y',
    x: side === 'left' ? 0.01 : 0.99,
    y: target,
    xanchor: side,
    yanchor: 'bottom',
    showarrow: false,
    text,
    ...(opacity < 1 ? { opacity } : {}),
    font: { size: 11, color: COLORS.reference },
  };
}

/** The KURE settings of one twin's recipe. */
export interface KureTarget {
  target: number;
  kureOn: boolean;
}

/**
 * The twin overlay of the kurtosis chart with each twin's own KURE target: when B's target or
 * KURE switch differs from A's, A's label gets 'A · ' and B's line is added (faded, labelled
 * 'B · …' on the right); when they agree the one line serves both.
 */
export function withTwinKureTarget(figure: FigureSpec, a: KureTarget, b: KureTarget): FigureSpec {
  if (a.target === b.target && a.kureOn === b.kureOn) return figure;
  const labelA = TWIN_PREFIX.a + kureTargetLabel(a.target, a.kureOn);
  const labelB = TWIN_PREFIX.b + kureTargetLabel(b.target, b.kureOn);
  const layout = {
    ...figure.layout,
    shapes: [kureTargetShape(a.target), kureTargetShape(b.target, TWIN_B_OPACITY)],
    annotations: [
      kureTargetAnnotation(labelA, a.target, 'left'),
      kureTargetAnnotation(labelB, b.target, 'right', TWIN_B_OPACITY),
    ],
  };
  return { ...figure, layout };
}
