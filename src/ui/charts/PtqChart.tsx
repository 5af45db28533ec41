import type { RunState } from '../../store/run-state';
import { useLab } from '../../store/lab-store';
import { RequantizeControls } from '../controls/RequantizeControls';
import { ptqEmptyText } from './empty-text';
import { Plot } from './Plot';
import { ptqCurves, ptqImagesText } from './series/ptq';
import { ptqFigure } from './traces/ptq';
import { useTwinFigure } from './use-twin-figure';

type Value = readonly [RunState['ptqCurves'], RunState['ptqHistory'], RunState['recipe']];

const select = (run: RunState): Value => [run.ptqCurves, run.ptqHistory, run.recipe];

const build = ([curves, history, recipe]: Value) => ptqFigure(ptqCurves(curves, recipe), history);

/**
 * Post-training quantization: accuracy at W2..W8 per quantizer (against float) and over the
 * run's sweeps, with the panel that re-quantizes the trained weights another way.
 */
export function PtqChart() {
  const latest = useLab((s) => s.run.ptq);
  const latestB = useLab((s) => (s.twin.on ? s.runB.ptq : null));
  const ptqEvery = useLab((s) => s.recipe.ptqEvery);
  const ptqAtEnd = useLab((s) => s.recipe.ptqAtEnd);
  const testExamples = useLab((s) => s.run.recipe?.testExamples ?? s.recipe.testExamples);
  const figure = useTwinFigure(select, build);
  return (
    <figure className="chart">
      <Plot testId="ptq-chart" figure={figure} empty={ptqEmptyText({ ptqEvery, ptqAtEnd })} />
      {latest ? (
        <p className="chart-note" data-testid="ptq-method">
          Method: {latest.method}; step {latest.step},{' '}
          <span data-testid="ptq-images">{ptqImagesText(latest.images, testExamples)}</span>
        </p>
      ) : null}
      {latestB ? (
        <p className="chart-note" data-testid="ptq-method-b">
          Twin B method: {latestB.method}
        </p>
      ) : null}
      <figcaption>
        Left: test accuracy of the current weights quantized after training at 2–8 bits, one curve
        per quantizer (the recipe's with marker colour = bit width; each re-quantization in its own
        colour), against the float model (dashed). Right: the recipe quantizer's sweeps over steps,
        one line per bit width; a quantization-friendly run keeps the low-bit lines close to float.
      </figcaption>
      <RequantizeControls />
    </figure>
  );
}
