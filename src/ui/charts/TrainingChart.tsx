import { useMemo } from 'react';
import type { Data, Layout } from 'plotly.js';
import { useLab } from '../../store/lab-store';
import { COLORS } from './palette';
import { usePlot } from './use-plot';

const LAYOUT: Partial<Layout> = {
  margin: { l: 56, r: 56, t: 24, b: 48 },
  xaxis: { title: { text: 'training step' } },
  yaxis: { title: { text: 'cross-entropy loss (nats)' }, rangemode: 'tozero' },
  yaxis2: { title: { text: 'accuracy (%)' }, overlaying: 'y', side: 'right', range: [0, 100] },
  legend: { orientation: 'h', y: -0.25 },
  uirevision: 'keep-zoom',
};

const percent = (values: number[]) => values.map((v) => 100 * v);

/** Loss (left axis) and accuracy (right axis) of the current run, train and test. */
export function TrainingChart() {
  const trainLoss = useLab((s) => s.run.trainLoss);
  const testLoss = useLab((s) => s.run.testLoss);
  const trainAccuracy = useLab((s) => s.run.trainAccuracy);
  const testAccuracy = useLab((s) => s.run.testAccuracy);
  const data = useMemo<Data[]>(
    () => [
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
    ],
    [trainLoss, testLoss, trainAccuracy, testAccuracy],
  );
  const { ref, loadError } = usePlot(data, LAYOUT);
  const points = trainLoss.step.length;
  return (
    <figure className="chart">
      {loadError ? <p role="alert">{loadError}</p> : null}
      <div ref={ref} className="plot" data-testid="training-chart" data-points={points} />
      <figcaption>
        Loss should fall and accuracy rise. Train figures are averaged since the last read; test
        figures use held-out images the model never trains on. A widening gap between train and test
        accuracy means over-fitting.
      </figcaption>
    </figure>
  );
}
