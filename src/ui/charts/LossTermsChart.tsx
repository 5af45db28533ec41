import type { RunState, Series } from '../../store/run-state';
import { lossTermsEmptyText } from './empty-text';
import { Plot } from './Plot';
import { lossTermSeries } from './series/loss-terms';
import type { FigureSpec } from './traces/common';
import { lossTermsFigure, lossTermsLayout } from './traces/loss-terms';
import { useTwinFigure } from './use-twin-figure';

type Value = readonly [Record<string, Series>, Series, Series];

const select = (run: RunState): Value => [run.terms, run.trainAccuracy, run.testAccuracy];

const build = ([terms, train, test]: Value) => lossTermsFigure(terms, train, test);

/** With the twin: one term axis for both runs (log only when every term of both is positive). */
const finish = (figure: FigureSpec, [a]: Value, [b]: Value): FigureSpec => ({
  ...figure,
  layout: lossTermsLayout([...lossTermSeries(a), ...lossTermSeries(b)]),
});

/** Each loss term over steps (task, R2, KURE, dampening) with train and test accuracy. */
export function LossTermsChart() {
  const figure = useTwinFigure(select, build, finish);
  return (
    <figure className="chart">
      <Plot testId="loss-terms-chart" figure={figure} empty={lossTermsEmptyText()} />
      <figcaption>
        Each term is drawn as it enters the total loss, weight included: the task cross-entropy plus
        one term per active technique. A regularizer term that dwarfs the task term usually costs
        accuracy (right axis, %).
      </figcaption>
    </figure>
  );
}
