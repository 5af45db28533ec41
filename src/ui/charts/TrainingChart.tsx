import type { RunState } from '../../store/run-state';
import { trainingEmptyText } from './empty-text';
import { Plot } from './Plot';
import { trainingFigure, type TrainingSeries } from './traces/training';
import { useTwinFigure } from './use-twin-figure';

const select = (run: RunState): TrainingSeries => ({
  trainLoss: run.trainLoss,
  testLoss: run.testLoss,
  trainAccuracy: run.trainAccuracy,
  testAccuracy: run.testAccuracy,
});

/** Loss (left axis) and accuracy (right axis) of the current run, train and test (and twin B's). */
export function TrainingChart() {
  const figure = useTwinFigure(select, trainingFigure);
  return (
    <figure className="chart">
      <Plot testId="training-chart" figure={figure} empty={trainingEmptyText()} />
      <figcaption>
        Loss should fall and accuracy rise. Train figures are averaged since the last read; test
        figures use held-out images the model never trains on. A widening gap between train and test
        accuracy means over-fitting.
      </figcaption>
    </figure>
  );
}
