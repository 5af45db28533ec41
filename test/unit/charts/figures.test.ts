import { describe, expect, test } from 'vitest';
import { techniqueEvent } from '../../helpers/technique-event';
import type { RunState } from '../../../src/store/run-state';
import { OKABE_ITO } from '../../../src/ui/charts/palette';
import { short } from '../../../src/ui/charts/traces/common';
import { kurtosisFigure } from '../../../src/ui/charts/traces/kurtosis';
import { oscillationFigure, oscillationLayout } from '../../../src/ui/charts/traces/oscillation';
import { quantParamParts, quantParamsFigure } from '../../../src/ui/charts/traces/quant-params';

const technique = techniqueEvent;

const title = (axis: { title?: unknown } | undefined) =>
  (axis?.title as { text?: string } | undefined)?.text;

describe('kurtosis figure', () => {
  const history: RunState['layerStatsHistory'] = [
    {
      type: 'layer-stats',
      step: 10,
      layers: [{ name: 'fc', kind: 'dense', kurtosis: 3, maxAbs: 0.5, std: 0.1 }],
    },
  ];

  test('draws the KURE target line always, labelled, and colours layers by model order', () => {
    const off = kurtosisFigure([], 1.8, false, []);
    expect(off.points).toBe(0);
    expect(off.layout.shapes![0]).toMatchObject({ y0: 1.8, y1: 1.8, yref: 'y' });
    // Named in the legend, not by a label on the plot (where it sat on the curves).
    expect(off.layout.shapes![0]).toMatchObject({ name: 'KURE target 1.8 (KURE off)' });
    expect(off.layout.shapes![0]!.showlegend).toBe(true);
    expect(off.layout.annotations ?? []).toEqual([]);
    const on = kurtosisFigure(history, 2, true, ['stem', 'fc']);
    expect(on.layout.shapes![0]!.name).toBe('KURE target 2');
    expect(on.points).toBe(1);
    const [kurt, ratio] = on.data as { y: number[]; yaxis?: string; line: { color: string } }[];
    expect(kurt!.line.color).toBe(OKABE_ITO.vermillion);
    expect(ratio!.yaxis).toBe('y2');
    expect(ratio!.y[0]).toBeCloseTo(5, 12);
  });
});

describe('oscillation figure', () => {
  test('frequency per 1,000 steps on the left, frozen share in % on the right', () => {
    const history = [
      technique('oscillation', 10, [
        ['conv1', { frequency: 0.0005, oscillating: 0.2, frozen: 0.05 }],
      ]),
    ];
    const fig = oscillationFigure(history, ['conv1']);
    expect(fig.points).toBe(1);
    const [freq, frozen] = fig.data as { y: number[]; yaxis?: string }[];
    // 0.0005 flips per step (Plotly printed "500µ") reads as 0.5 flips per 1,000 steps.
    expect(freq!.y[0]).toBeCloseTo(0.5, 12);
    expect(title(fig.layout.yaxis)).toMatch(/^flips per 1,000 steps/);
    expect(frozen!.y).toEqual([5]);
    expect(frozen!.yaxis).toBe('y2');
    expect(oscillationFigure(undefined, []).points).toBe(0);
  });

  test('the frozen axis reads in real percent from 0, even while nothing is frozen', () => {
    const at = (frozen: number) =>
      oscillationFigure(
        [technique('oscillation', 10, [['c', { frequency: 0, oscillating: 0, frozen }]])],
        ['c'],
      ).layout.yaxis2?.range;
    expect(at(0)).toEqual([0, 10]); // not Plotly's 0..1 for all-zero data
    expect(at(0.234)).toEqual([0, 30]);
    expect(at(1)).toEqual([0, 100]);
    const twin = oscillationLayout([{ value: [3] }, { value: [64] }]);
    expect(twin.yaxis2?.range).toEqual([0, 70]);
  });
});

describe('quant-params figure', () => {
  const qat = [
    technique('qat', 10, [['conv1', { weightStep: 0.02, inputStep: 0.1, inputOffset: -0.3 }]]),
    technique('qat', 20, [['conv1', { weightStep: 0.01, inputStep: 0.2, inputOffset: -0.2 }]]),
  ];
  const r2 = [technique('r2', 10, [['conv1', { aRaw: 0 }]])];

  test('QAT s and beta on top, R2 softplus(a_raw) below, one legend entry per layer', () => {
    const parts = quantParamParts(qat, r2);
    expect(parts.map((p) => p.what)).toEqual([
      'weight step s_w',
      'input step s_a',
      'input offset β',
      'R2 softplus(a_raw)',
    ]);
    expect(parts[3]!.series[0]!.value[0]).toBeCloseTo(Math.LN2, 15);
    const fig = quantParamsFigure(qat, r2, ['conv1']);
    expect(fig.points).toBe(2 + 2 + 2 + 1);
    expect(fig.data.filter((d) => (d as { showlegend?: boolean }).showlegend).length).toBe(1);
    expect(fig.layout.yaxis?.type).toBe('log');
    expect(fig.layout.yaxis?.domain).toEqual([0.56, 1]);
    expect(fig.layout.yaxis3?.domain).toEqual([0, 0.42]);
  });

  test('only R2 margins: full-height lower axis; nothing: empty', () => {
    const margin = [technique('r2', 10, [['conv1', { margin: 0.4 }]])];
    const fig = quantParamsFigure(undefined, margin, []);
    expect(fig.points).toBe(1);
    expect(fig.layout.yaxis3?.domain).toEqual([0, 1]);
    expect(fig.layout.yaxis?.visible).toBe(false);
    expect(quantParamsFigure(undefined, [], []).points).toBe(0);
  });
});

describe('number labels', () => {
  test('three significant digits, exponent for tiny or huge values', () => {
    expect(short(0.012345)).toBe('0.0123');
    expect(short(0)).toBe('0');
    expect(short(1234.5)).toBe('1230');
    expect(short(1.5e-5)).toBe('1.50e-5');
  });
});
