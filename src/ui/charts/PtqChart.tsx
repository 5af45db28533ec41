import { useMemo } from 'react';
import { useLab } from '../../store/lab-store';
import { ptqEmptyText } from './empty-text';
import { Plot } from './Plot';
import { ptqFigure } from './traces/ptq';

/** Post-training quantization: accuracy at W2..W8 now (against float) and over the run's sweeps. */
export function PtqChart() {
  const latest = useLab((s) => s.run.ptq);
  const history = useLab((s) => s.run.ptqHistory);
  const ptqEvery = useLab((s) => s.settings.ptqEvery);
  const ptqAtEnd = useLab((s) => s.settings.ptqAtEnd);
  const figure = useMemo(() => ptqFigure(latest, history), [latest, history]);
  return (
    <figure className="chart">
      <Plot testId="ptq-chart" figure={figure} empty={ptqEmptyText({ ptqEvery, ptqAtEnd })} />
      {latest ? (
        <p className="chart-note" data-testid="ptq-method">
          Method: {latest.method}
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
