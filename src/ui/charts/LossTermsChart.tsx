import { useMemo } from 'react';
import { useLab } from '../../store/lab-store';
import { lossTermsEmptyText } from './empty-text';
import { Plot } from './Plot';
import { lossTermsFigure } from './traces/loss-terms';

/** Each loss term over steps (task, R2, KURE, dampening) with train and test accuracy. */
export function LossTermsChart() {
  const terms = useLab((s) => s.run.terms);
  const trainAccuracy = useLab((s) => s.run.trainAccuracy);
  const testAccuracy = useLab((s) => s.run.testAccuracy);
  const figure = useMemo(
    () => lossTermsFigure(terms, trainAccuracy, testAccuracy),
    [terms, trainAccuracy, testAccuracy],
  );
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
