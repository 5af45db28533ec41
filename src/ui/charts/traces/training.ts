import type { Data, Layout } from 'plotly.js';
import type { Series } from '../../../store/run-state';
import { COLORS } from '../palette';
import { LEGEND_BELOW } from '../plot-style';
import { percent } from '../series/common';
import type { FigureSpec } from './common';

/** Layout of the training chart (one object, so redraws keep it); legend below the axis titles. */
const TRAINING_LAYOUT: Partial<Layout> = {
  margin: { l: 56, r: 56, t: 24, b: 40 },
  xaxis: { title: { text: 'training step' } },
  yaxis: { title: { text: 'cross-entropy loss (nats)' }, rangemode: 'tozero' },
  yaxis2: { title: { text: 'accuracy (%)' }, overlaying: 'y', side: 'right', range: [0, 100] },
  legend: LEGEND_BELOW,
  uirevision: 'keep-zoom',
};

/** What the training chart draws of a run. */
export interface TrainingSeries {
  trainLoss: Series;
  testLoss: Series;
  trainAccuracy: Series;
  testAccuracy: Series;
}

/**
 * Loss (left axis) and accuracy (right axis, %) of a run, train and test; `points` counts the
 * train-loss reads.
 */
export function trainingFigure(run: TrainingSeries): FigureSpec {
  const { trainLoss, testLoss, trainAccuracy, testAccuracy } = run;
  const data: Data[] = [
    {
      name: 'train loss',
      x: trainLoss.step,
      y: trainLoss.value,
      line: { color: COLORS.trainLoss },
    },
    {
      name: 'test loss',
      x: testLoss.step,
      y: testLoss.value,
      line: { color: COLORS.testLoss, dash: 'dot' },
    },
    {
      name: 'train accuracy',
      x: trainAccuracy.step,
      y: percent(trainAccuracy.value),
      yaxis: 'y2',
      line: { color: COLORS.trainAcc },
    },
    {
      name: 'test accuracy',
      x: testAccuracy.step,
      y: percent(testAccuracy.value),
      yaxis: 'y2',
      mode: 'lines+markers',
      line: { color: COLORS.testAcc, dash: 'dot' },
    },
  ];
  return { data, layout: TRAINING_LAYOUT, points: trainLoss.step.length, stepAxis: 'x' };
}
