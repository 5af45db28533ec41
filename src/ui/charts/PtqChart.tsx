import type { RunState } from '../../store/run-state';
import { useLab } from '../../store/lab-store';
import { ptqEmptyText } from './empty-text';
import { Plot } from './Plot';
import { ptqFigure } from './traces/ptq';
import { useTwinFigure } from './use-twin-figure';

type Value = readonly [RunState['ptq'], RunState['ptqHistory']];

const select = (run: RunState): Value => [run.ptq, run.ptqHistory];

const build = ([latest, history]: Value) => ptqFigure(latest, history);

/** Post-training quantization: accuracy at W2..W8 now (against float) and over the run's sweeps. */
export function PtqChart() {
  const latest = useLab((s) => s.run.ptq);
  const latestB = useLab((s) => (s.twin.on ? s.runB.ptq : null));
  const ptqEvery = useLab((s) => s.recipe.ptqEvery);
  const ptqAtEnd = useLab((s) => s.recipe.ptqAtEnd);
  const figure = useTwinFigure(select, build);
  return (
    <figure className="chart">
      <Plot testId="ptq-chart" figure={figure} empty={ptqEmptyText({ ptqEvery, ptqAtEnd })} />
      {latest ? (
        <p className="chart-note" data-testid="ptq-method">
          Method: {latest.method}
        </p>
      ) : null}
      {latestB ? (
        <p className="chart-note" data-testid="ptq-method-b">
          Twin B method: {latestB.method}
        </p>
      ) : null}
      <figcaption>
        Left: test accuracy of the current weights quantized after training at 2–8 bits (marker
        colour = bit width), against the float model (dashed). Right: every sweep over steps, one
        line per bit width; a quantization-friendly run keeps the low-bit lines close to float.
      </figcaption>
    </figure>
  );
}
