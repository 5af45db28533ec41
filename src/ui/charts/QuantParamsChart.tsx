import { useMemo } from 'react';
import { useLab } from '../../store/lab-store';
import { quantParamsEmptyText } from './empty-text';
import { Plot } from './Plot';
import { quantParamsFigure } from './traces/quant-params';
import { useLayerOrder } from './use-layer-order';

/** Learned quantizer parameters per layer over steps: QAT's s and β, R2's margin or temperature. */
export function QuantParamsChart() {
  const qatHistory = useLab((s) => s.run.techniqueHistory['qat']);
  const r2History = useLab((s) => s.run.techniqueHistory['r2']);
  const qat = useLab((s) => s.settings.qat);
  const r2 = useLab((s) => s.settings.r2);
  const order = useLayerOrder();
  const figure = useMemo(
    () => quantParamsFigure(qatHistory, r2History, order),
    [qatHistory, r2History, order],
  );
  return (
    <figure className="chart">
      <Plot
        testId="quant-params-chart"
        figure={figure}
        empty={quantParamsEmptyText({ qat, r2 })}
        size="tall"
      />
      <figcaption>
        QAT learns a step size s per layer for the weights (solid) and the inputs (dashed), and with
        LSQ+ an input offset β (dotted). Below, R2&apos;s learned margin (or Soft-min-max
        temperature) shows how far each layer&apos;s weight range is being pulled in.
      </figcaption>
    </figure>
  );
}
