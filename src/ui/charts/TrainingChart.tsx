import type { RunState } from '../../store/run-state';
import { trainingFigure, type TrainingSeries } from './traces/training';
import { usePlot } from './use-plot';
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
  const { ref, loadError } = usePlot(figure.data, figure.layout);
  return (
    <figure className="chart">
      {loadError ? <p role="alert">{loadError}</p> : null}
      <div ref={ref} className="plot" data-testid="training-chart" data-points={figure.points} />
      <figcaption>
        Loss should fall and accuracy rise. Train figures are averaged since the last read; test
        figures use held-out images the model never trains on. A widening gap between train and test
        accuracy means over-fitting.
      </figcaption>
    </figure>
  );
}
