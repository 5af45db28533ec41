import { describe, expect, test } from 'vitest';
import { defaultRecipe } from '../../../src/settings/schema';
import type { RunState } from '../../../src/store/run-state';
import { COLORS, bitsColor } from '../../../src/ui/charts/palette';
import {
  fpAccuracySeries,
  ptqBitsSeries,
  ptqCurves,
  referenceCurve,
} from '../../../src/ui/charts/series/ptq';
import { ptqFigure } from '../../../src/ui/charts/traces/ptq';
import { overlayTwin } from '../../../src/ui/charts/traces/twin';
import { ptqEvent } from '../../helpers/ptq-event';

const history: RunState['ptqHistory'] = [
  ptqEvent(100, {}, [
    [4, 0.8],
    [2, 0.1],
  ]),
  ptqEvent(
    200,
    {},
    [
      [2, 0.2],
      [4, 0.9],
      [8, 0.95],
    ],
    0.95,
  ),
];

/** Traces as the tests read them. */
type Trace = {
  name?: string;
  x: number[];
  y: number[];
  text?: string[];
  line?: { color?: string; dash?: string };
  marker?: { color?: string | string[]; symbol?: string };
  xaxis?: string;
};

describe('PTQ series', () => {
  test('accuracy per bit width over sweeps, ordered by bits', () => {
    expect(ptqBitsSeries(history)).toEqual([
      { bits: 2, label: 'W2A32', step: [100, 200], accuracy: [0.1, 0.2] },
      { bits: 4, label: 'W4A32', step: [100, 200], accuracy: [0.8, 0.9] },
      { bits: 8, label: 'W8A32', step: [200], accuracy: [0.95] },
    ]);
    expect(fpAccuracySeries(history)).toEqual({ step: [100, 200], value: [0.9, 0.95] });
    expect(ptqBitsSeries([])).toEqual([]);
  });

  test('one curve per quantizer: the recipe quantizer first, points ordered by bits', () => {
    const tensor = ptqEvent(300, { granularity: 'per-tensor', range: 'min-max' }, [[3, 0.4]], 0.8);
    const curves = ptqCurves([tensor, history[0]!], defaultRecipe());
    expect(curves.map((c) => [c.quantizer, c.own])).toEqual([
      ['per-channel MSE', true],
      ['per-tensor min-max', false],
    ]);
    expect(curves[0]).toMatchObject({ step: 100, bits: [2, 4], accuracy: [0.1, 0.8] });
    expect(referenceCurve(curves)?.step).toBe(300);
    expect(referenceCurve([])).toBeNull();
  });
});

describe('PTQ figure', () => {
  test('the recipe curve by bits with a float line, history on the second axes', () => {
    const fig = ptqFigure(ptqCurves([history[1]!], defaultRecipe()), history);
    expect(fig.points).toBe(3 + 5);
    const [now, fp] = fig.data as Trace[];
    expect(now!.name).toBe('per-channel MSE, step 200');
    expect(now!.x).toEqual([2, 4, 8]);
    expect(now!.y).toEqual([20, 90, 95]);
    expect(now!.text).toEqual(['W2A32', 'W4A32', 'W8A32']);
    expect(now!.marker!.color).toEqual([2, 4, 8].map(bitsColor));
    expect(fp!.x).toEqual([2, 8]);
    expect(fp!.y).toEqual([95, 95]);
    expect(ptqFigure([], []).points).toBe(0);
    expect(ptqFigure([], []).data).toEqual([]);
  });

  test('several quantizers: one named curve each, in its own colour and marker', () => {
    const sweeps = [
      ptqEvent(200, { granularity: 'per-tensor' }, [[3, 0.3]]),
      ptqEvent(200, {}, [[3, 0.6]]),
      ptqEvent(200, { stepScale: 4, fold: false }, [[3, 0.1]], 0.93),
    ];
    const fig = ptqFigure(ptqCurves(sweeps, defaultRecipe()), []);
    const traces = fig.data as Trace[];
    expect(traces.map((t) => t.name)).toEqual([
      'per-channel MSE, step 200',
      'per-tensor MSE, step 200',
      'per-channel MSE unfolded ×4, step 200',
      'float model',
    ]);
    const [own, tensor, scaled, fp] = traces;
    expect(own!.line!.color).toBe(COLORS.neutral);
    expect(new Set([own, tensor, scaled].map((t) => t!.line!.color)).size).toBe(3);
    expect(tensor!.marker!.symbol).not.toBe(scaled!.marker!.symbol);
    // The float reference is the newest sweep's (the last of equal steps).
    expect(fp!.y).toEqual([93, 93]);
    expect(fig.points).toBe(3);
  });

  test('with the twin, the legend names the run and the quantizer', () => {
    const a = ptqFigure(ptqCurves([ptqEvent(10, { range: 'min-max' }, [[3, 0.5]])], null), []);
    const b = ptqFigure(ptqCurves([ptqEvent(10, { range: 'min-max' }, [[3, 0.7]])], null), []);
    const names = (overlayTwin(a, b).data as Trace[]).map((t) => t.name);
    expect(names).toEqual([
      'A · per-channel min-max, step 10',
      'A · float model',
      'B · per-channel min-max, step 10',
      'B · float model',
    ]);
  });
});
