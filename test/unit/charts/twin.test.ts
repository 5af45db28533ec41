import type { Data } from 'plotly.js';
import { describe, expect, test } from 'vitest';
import { techniqueEvent } from '../../helpers/technique-event';
import type { RunState } from '../../../src/store/run-state';
import { lossTermSeries } from '../../../src/ui/charts/series/loss-terms';
import type { FigureSpec } from '../../../src/ui/charts/traces/common';
import { histogramFigure, withTwinHistogram } from '../../../src/ui/charts/traces/histogram';
import { kurtosisFigure, withTwinKureTarget } from '../../../src/ui/charts/traces/kurtosis';
import { lossTermsFigure, lossTermsLayout } from '../../../src/ui/charts/traces/loss-terms';
import {
  quantParamParts,
  quantParamsFigure,
  quantParamsTwinLayout,
} from '../../../src/ui/charts/traces/quant-params';
import { trainingFigure } from '../../../src/ui/charts/traces/training';
import { overlayTwin } from '../../../src/ui/charts/traces/twin';
import { histogramEvent } from '../../helpers/histogram-event';

/** The trace fields the overlay touches, for reading results. */
interface Trace {
  type?: string;
  name?: string;
  legendgroup?: string;
  showlegend?: boolean;
  opacity?: number;
  line?: { color?: string; dash?: string; width?: number };
  hovertemplate?: string | string[];
  x?: number[];
}

const traces = (figure: FigureSpec) => figure.data as Trace[];

const figure = (data: Trace[], points: number, layout: FigureSpec['layout'] = {}): FigureSpec => ({
  data: data as Data[],
  layout,
  points,
});

const lines = (points: number) =>
  figure(
    [
      {
        type: 'scatter',
        name: 'conv1',
        legendgroup: 'conv1',
        line: { color: '#0072B2', width: 2 },
        hovertemplate: 'conv1<br>step %{x}<extra></extra>',
        x: [1, 2],
      },
      {
        type: 'scatter',
        name: 'conv1 frozen',
        legendgroup: 'conv1',
        showlegend: false,
        line: { color: '#0072B2', dash: 'dot', width: 1 },
        x: [1, 2],
      },
      { type: 'scatter', name: 'train accuracy', line: { color: '#E69F00' }, x: [1, 2] },
    ],
    points,
    { uirevision: 'lines', yaxis: { title: { text: 'A axis' } } },
  );

describe('overlayTwin', () => {
  const a = lines(2);
  const b = lines(3);
  const out = overlayTwin(a, b);
  const [a1, a2, a3, b1, b2, b3] = traces(out);

  test("A's traces keep their style; names and hover templates get 'A · '", () => {
    expect(traces(out)).toHaveLength(6);
    expect(a1).toEqual({
      ...traces(a)[0],
      name: 'A · conv1',
      hovertemplate: 'A · conv1<br>step %{x}<extra></extra>',
    });
    expect(a2!.name).toBe('A · conv1 frozen');
    expect(a2!.showlegend).toBe(false);
    expect(a3!.line).toEqual({ color: '#E69F00' });
    expect(a3!.opacity).toBeUndefined();
    expect(a1!.legendgroup).toBe('conv1');
  });

  test("B's traces: 'B · ', faded, in a legend group of their own", () => {
    expect(b1!.name).toBe('B · conv1');
    expect(b1!.hovertemplate).toBe('B · conv1<br>step %{x}<extra></extra>');
    expect([b1, b2, b3].map((t) => t!.opacity)).toEqual([0.55, 0.55, 0.55]);
    expect(b1!.legendgroup).toBe('b:conv1');
    expect(b2!.legendgroup).toBe('b:conv1'); // companions stay grouped with their main line
    expect(b2!.showlegend).toBe(false);
    expect(b3!.legendgroup).toBe('b:train accuracy'); // no group: named after the trace
    expect(new Set(traces(out).map((t) => t.legendgroup)).size).toBe(3 + 1);
  });

  test('B is dashed only where the line had no dash; a set dash is kept', () => {
    expect(b1!.line).toEqual({ color: '#0072B2', width: 2, dash: 'dash' });
    expect(b2!.line).toEqual({ color: '#0072B2', dash: 'dot', width: 1 });
    expect(b3!.line).toEqual({ color: '#E69F00', dash: 'dash' });
    const solid = figure([{ type: 'scatter', name: 's', line: { dash: 'solid' } }], 1);
    expect(traces(overlayTwin(solid, solid))[1]!.line).toEqual({ dash: 'solid' });
    const noLine = figure([{ type: 'scatter', name: 'markers' }], 1);
    expect(traces(overlayTwin(noLine, noLine))[1]!.line).toBeUndefined();
  });

  test("the layout is A's, the points add up, and the inputs are left alone", () => {
    expect(out.layout).toBe(a.layout);
    expect(out.points).toBe(5);
    expect(traces(a)[0]!.name).toBe('conv1');
    expect(traces(b)[0]!.opacity).toBeUndefined();
    expect(traces(b)[0]!.line!.dash).toBeUndefined();
  });

  test('string-array hover templates are prefixed per point; <extra></extra> stays', () => {
    const arr = figure(
      [{ type: 'scatter', name: 'p', hovertemplate: ['x %{x}<extra></extra>', 'y'] }],
      2,
    );
    const [ta, tb] = traces(overlayTwin(arr, arr));
    expect(ta!.hovertemplate).toEqual(['A · x %{x}<extra></extra>', 'A · y']);
    expect(tb!.hovertemplate).toEqual(['B · x %{x}<extra></extra>', 'B · y']);
  });

  test('bars: the layout overlays them', () => {
    const bars = figure([{ type: 'bar', name: 'counts' }], 4, { barmode: 'group' });
    const overlaid = overlayTwin(bars, bars);
    expect(overlaid.layout.barmode).toBe('overlay');
    expect(bars.layout.barmode).toBe('group');
    expect(overlayTwin(lines(1), lines(1)).layout.barmode).toBeUndefined();
  });

  test("B's heatmaps are dropped, A's kept", () => {
    const heat = figure([{ type: 'heatmap', name: 'integer level' }], 6);
    const overlaid = overlayTwin(heat, heat);
    expect(traces(overlaid).map((t) => t.name)).toEqual(['A · integer level']);
    expect(overlaid.points).toBe(12);
  });

  test('while B has no points: A with prefixed names only', () => {
    const empty = overlayTwin(a, figure([], 0));
    expect(empty.layout).toBe(a.layout);
    expect(empty.points).toBe(2);
    expect(traces(empty).map((t) => t.name)).toEqual([
      'A · conv1',
      'A · conv1 frozen',
      'A · train accuracy',
    ]);
    expect(traces(empty)[0]!.line).toEqual(traces(a)[0]!.line);
    // B's traces with no points (e.g. empty lines) are not drawn either.
    expect(traces(overlayTwin(a, { ...b, points: 0 }))).toHaveLength(3);
  });

  test('A with no points still shows B (points from B alone)', () => {
    const overlaid = overlayTwin(figure([], 0, { uirevision: 'x' }), b);
    expect(overlaid.points).toBe(3);
    expect(traces(overlaid).map((t) => t.name)).toEqual([
      'B · conv1',
      'B · conv1 frozen',
      'B · train accuracy',
    ]);
  });
});

describe('twin figures of the charts', () => {
  const series = (value: number[]) => ({ step: value.map((_, i) => 10 * (i + 1)), value });

  test('the training figure: four lines, B dashed where A is solid, dotted kept', () => {
    const run = {
      trainLoss: series([2, 1]),
      testLoss: series([2.1]),
      trainAccuracy: series([0.5, 0.7]),
      testAccuracy: series([0.6]),
    };
    const a = trainingFigure(run);
    expect(a.points).toBe(2);
    expect(traces(a).map((t) => t.name)).toEqual([
      'train loss',
      'test loss',
      'train accuracy',
      'test accuracy',
    ]);
    expect(trainingFigure(run).layout).toBe(a.layout); // one layout object: no relayout per read
    const b = traces(overlayTwin(a, trainingFigure(run))).slice(4);
    expect(b.map((t) => t.line!.dash)).toEqual(['dash', 'dot', 'dash', 'dot']);
  });

  test('loss terms: the axis is log only when both runs allow it', () => {
    const a = { task: series([1, 0.5]) };
    const b = { task: series([1, 0.5]), r2: series([0.2, 0]) };
    expect(lossTermsFigure(a, series([]), series([])).layout.yaxis?.type).toBe('log');
    const both = lossTermsLayout([...lossTermSeries(a), ...lossTermSeries(b)]);
    expect(both.yaxis?.type).toBe('linear');
  });

  test("kurtosis: B's own KURE target is added only where it differs", () => {
    const history: RunState['layerStatsHistory'] = [];
    const a = kurtosisFigure(history, 1.8, true, []);
    const same = withTwinKureTarget(
      a,
      { target: 1.8, kureOn: true },
      { target: 1.8, kureOn: true },
    );
    expect(same).toBe(a);
    const other = withTwinKureTarget(
      a,
      { target: 1.8, kureOn: true },
      { target: 2.5, kureOn: false },
    );
    expect(other.layout.shapes!.map((s) => s.y0)).toEqual([1.8, 2.5]);
    expect(other.layout.shapes![1]!.opacity).toBe(0.55);
    expect(other.layout.annotations!.map((n) => n.text)).toEqual([
      'A · KURE target 1.8',
      'B · KURE target 2.5 (KURE off)',
    ]);
    expect(a.layout.shapes).toHaveLength(1);
  });

  test('quant params: an axis shows where either twin has values', () => {
    const qat = [techniqueEvent('qat', 10, [['c', { weightStep: 0.02 }]])];
    const r2 = [techniqueEvent('r2', 10, [['c', { margin: 0.3 }]])];
    const a = quantParamsFigure(qat, undefined, ['c']);
    expect(a.layout.yaxis3?.visible).toBe(false);
    const layout = quantParamsTwinLayout(quantParamParts(qat, undefined), quantParamParts(qat, r2));
    expect(layout.yaxis?.visible).toBe(true);
    expect(layout.yaxis3?.visible).toBe(true);
    expect(layout.yaxis?.domain).toEqual([0.56, 1]);
    expect((layout.yaxis?.title as { text: string }).text).toBe('step s_w (log)');
  });

  test("histogram: both grids named; B's layout while A has none", () => {
    const [a, b] = [histogramEvent(0.5, 'ptq'), histogramEvent(0.5, 'learned')];
    const overlaid = overlayTwin(histogramFigure(a), histogramFigure(b));
    expect(withTwinHistogram(overlaid, a, null)).toBe(overlaid);
    const both = withTwinHistogram(overlaid, a, b);
    expect((both.layout.title as { text: string }).text).toBe(
      'A · conv2: 2-bit, PTQ calibration grid (step 50)<br>B · conv2: 2-bit, learned QAT step (step 50)',
    );
    expect(both.layout.annotations![0]!.text).toMatch(/^A · clipped: 2 below.*<br>B · clipped/);
    expect(both.layout.barmode).toBe('overlay');
    const onlyB = withTwinHistogram(
      overlayTwin(histogramFigure(null), histogramFigure(b)),
      null,
      b,
    );
    expect((onlyB.layout.title as { text: string }).text).toMatch(/^B · conv2/);
    expect(onlyB.layout.shapes!.length).toBeGreaterThan(0);
  });
});
