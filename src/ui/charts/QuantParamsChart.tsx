import { useCallback } from 'react';
import { openInspector } from '../inspector/open-inspector';
import type { RunState } from '../../store/run-state';
import { useLab } from '../../store/lab-store';
import { quantParamsEmptyText } from './empty-text';
import { Plot } from './Plot';
import type { TechniqueHistory } from './series/technique';
import type { FigureSpec } from './traces/common';
import { quantParamParts, quantParamsFigure, quantParamsTwinLayout } from './traces/quant-params';
import { useLayerOrder } from './use-layer-order';
import { useTwinFigure } from './use-twin-figure';

type Value = readonly [TechniqueHistory<'qat'> | undefined, TechniqueHistory<'r2'> | undefined];

const select = (run: RunState): Value => [run.techniqueHistory.qat, run.techniqueHistory.r2];

/** With the twin: axes shown where either run has values (e.g. QAT in A, R2 only in B). */
const finish = (figure: FigureSpec, [qatA, r2A]: Value, [qatB, r2B]: Value): FigureSpec => ({
  ...figure,
  layout: quantParamsTwinLayout(quantParamParts(qatA, r2A), quantParamParts(qatB, r2B)),
});

/** Learned quantizer parameters per layer over steps: QAT's s and β, R2's margin or temperature. */
export function QuantParamsChart() {
  const qat = useLab((s) => s.recipe.qat);
  const r2 = useLab((s) => s.recipe.r2);
  const order = useLayerOrder();
  const build = useCallback(
    ([qatHistory, r2History]: Value) => quantParamsFigure(qatHistory, r2History, order),
    [order],
  );
  const figure = useTwinFigure(select, build, finish);
  return (
    <figure className="chart">
      <Plot
        testId="quant-params-chart"
        figure={figure}
        empty={quantParamsEmptyText({ qat, r2 })}
        size="tall"
        onLayerClick={openInspector}
      />
      <figcaption>
        QAT learns a step size s per layer for the weights (solid) and the inputs (dashed), and with
        LSQ+ an input offset β (dotted). Below, R2&apos;s learned margin (or Soft-min-max
        temperature) shows how far each layer&apos;s weight range is being pulled in.
      </figcaption>
    </figure>
  );
}
