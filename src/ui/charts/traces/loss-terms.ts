import type { Data, Layout } from 'plotly.js';
import type { LossTerm } from '../../../settings/techniques';
import type { Series } from '../../../store/run-state';
import { COLORS, OKABE_ITO } from '../palette';
import { countPoints, percent } from '../series/common';
import { allPositive, lossTermSeries, type TermSeries } from '../series/loss-terms';
import { logAxis } from './axes';
import { baseLayout, titled, type FigureSpec } from './common';

/** Colour of each loss term. */
const TERM_COLORS: Readonly<Record<LossTerm, string>> = {
  task: OKABE_ITO.blue,
  r2: OKABE_ITO.bluishGreen,
  kure: OKABE_ITO.reddishPurple,
  dampening: OKABE_ITO.skyBlue,
};

/**
 * Each weighted loss term over steps (left axis; log when every value is positive) and train and
 * test accuracy (right axis, %).
 */
export function lossTermsFigure(
  terms: Readonly<Partial<Record<LossTerm, Series>>>,
  trainAccuracy: Series,
  testAccuracy: Series,
): FigureSpec {
  const series = lossTermSeries(terms);
  const data: Data[] = series.map((s) => ({
    type: 'scatter',
    mode: 'lines',
    name: s.label,
    x: s.step,
    y: s.value,
    line: {
      color: TERM_COLORS[s.id],
      dash: 'solid',
    },
    hovertemplate: `${s.label}<br>step %{x}<br>%{y:.4g}<extra></extra>`,
  }));
  data.push(
    {
      type: 'scatter',
      mode: 'lines',
      name: 'train accuracy',
      x: trainAccuracy.step,
      y: percent(trainAccuracy.value),
      yaxis: 'y2',
      line: { color: COLORS.trainAcc, width: 1.5 },
      hovertemplate: 'train accuracy<br>step %{x}<br>%{y:.1f} %<extra></extra>',
    },
    {
      type: 'scatter',
      mode: 'lines+markers',
      name: 'test accuracy',
      x: testAccuracy.step,
      y: percent(testAccuracy.value),
      yaxis: 'y2',
      line: { color: COLORS.testAcc, dash: 'dot', width: 1.5 },
      hovertemplate: 'test accuracy<br>step %{x}<br>%{y:.1f} %<extra></extra>',
    },
  );
  const layout = lossTermsLayout(series);
  const points = countPoints(series) + trainAccuracy.step.length + testAccuracy.step.length;
  return { data, layout, points, stepAxis: 'x' };
}

/**
 * Layout of the loss-terms chart: the terms' axis is log (decades labelled, `logAxis`) when
 * every value of `series` (all the terms drawn, of one run or both twins) is positive, and
 * accuracy in % on the right.
 */
export function lossTermsLayout(series: readonly TermSeries[]): Partial<Layout> {
  const log = allPositive(series);
  return baseLayout('loss-terms', {
    xaxis: titled('training step'),
    yaxis: {
      ...titled(`weighted loss term (nats${log ? ', log' : ''})`),
      ...(log ? logAxis(series) : { type: 'linear' }),
    },
    yaxis2: {
      ...titled('accuracy (%)'),
      overlaying: 'y',
      side: 'right',
      range: [0, 100],
      showgrid: false,
    },
  });
}
