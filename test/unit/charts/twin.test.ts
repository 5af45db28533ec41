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
import {
  overlayTwin,
  RECORDING_PREFIX,
  TWIN_B_DASH,
  twinBDash,
  TWIN_LEGEND_MAX,
} from '../../../src/ui/charts/traces/twin';
import { histogramEvent } from '../../helpers/histogram-event';

/** The trace fields the overlay touches, for reading results. */
interface Trace {
  type?: string;
  mode?: string;
  name?: string;
  legendgroup?: string;
  showlegend?: boolean;
  opacity?: number;
  line?: { color?: string; dash?: string; width?: number };
  marker?: unknown;
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

describe('overlayTwin with a recorded run', () => {
  test('a live run over its recording is prefixed live/recorded', () => {
    const out = overlayTwin(lines(2), lines(3), RECORDING_PREFIX);
    expect(traces(out).map((t) => t.name)).toEqual([
      'live · conv1',
      'live · conv1 frozen',
      'live · train accuracy',
      'recorded · conv1',
      'recorded · conv1 frozen',
      'recorded · train accuracy',
    ]);
  });

  test('before the live run has points the recording draws with its own axes', () => {
    const empty = figure([], 0, { uirevision: 'empty', xaxis: { visible: false } });
    const recorded = lines(3);
    const out = overlayTwin(empty, recorded, RECORDING_PREFIX);
    expect(out.layout).toBe(recorded.layout);
    expect(out.points).toBe(3);
    expect(traces(out)).toHaveLength(3);
  });
});

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

  test("B's traces: 'B · ', full strength, in a legend group of their own", () => {
    expect(b1!.name).toBe('B · conv1');
    expect(b1!.hovertemplate).toBe('B · conv1<br>step %{x}<extra></extra>');
    // Full opacity: a faded B was invisible on a projector.
    expect([b1, b2, b3].map((t) => t!.opacity)).toEqual([1, 1, 1]);
    expect(b1!.legendgroup).toBe('b:conv1');
    expect(b2!.legendgroup).toBe('b:conv1'); // companions stay grouped with their main line
    expect(b2!.showlegend).toBe(false);
    expect(b3!.legendgroup).toBe('b:train accuracy'); // no group: named after the trace
    expect(new Set(traces(out).map((t) => t.legendgroup)).size).toBe(3 + 1);
  });

  test("B keeps A's colour and width in a dash pattern of its own", () => {
    expect(b1!.line).toEqual({ color: '#0072B2', width: 2, dash: 'dash' });
    expect(b2!.line).toEqual({ color: '#0072B2', dash: 'dashdot', width: 1 });
    expect(b3!.line).toEqual({ color: '#E69F00', dash: 'dash' });
    const solid = figure([{ type: 'scatter', name: 's', line: { dash: 'solid' } }], 1);
    expect(traces(overlayTwin(solid, solid))[1]!.line).toEqual({ dash: 'dash' });
    const noLine = figure([{ type: 'scatter', name: 'markers' }], 1);
    expect(traces(overlayTwin(noLine, noLine))[1]!.line).toBeUndefined();
  });

  test("every one of A's dash patterns maps to one A does not draw with it", () => {
    const used = ['solid', 'dot', 'longdash'] as const; // the quantizer chart's s_w, β, s_a
    const b = used.map((d) => twinBDash(d));
    expect(new Set(b).size).toBe(used.length);
    for (const d of b) expect(used as readonly string[]).not.toContain(d);
    expect(twinBDash(undefined)).toBe('dash');
    for (const [a, bDash] of Object.entries(TWIN_B_DASH)) expect(bDash).not.toBe(a);
  });

  test("B's markers are open and B's bars outlined, so A stays visible under them", () => {
    const marked = figure(
      [
        {
          type: 'scatter',
          mode: 'markers',
          name: 'q',
          marker: { symbol: 'diamond', color: '#D55E00' },
        },
        { type: 'scatter', mode: 'lines+markers', name: 'p' },
        {
          type: 'bar',
          name: 'bars',
          opacity: 0.85,
          marker: { color: '#56B4E9', line: { color: '#0072B2', width: 0.5 } },
        },
      ],
      3,
    );
    const [, , , q, p, bars] = traces(overlayTwin(marked, marked));
    expect(q!.marker).toEqual({ symbol: 'diamond-open', color: '#D55E00' });
    expect(p!.marker).toEqual({ symbol: 'circle-open' });
    expect(bars!.opacity).toBe(1);
    expect(bars!.marker).toEqual({
      color: 'rgba(0,0,0,0)',
      line: { color: '#0072B2', width: 2 },
    });
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

describe('overlayTwin with a line per layer', () => {
  const perLayer = (points: number) =>
    figure(
      Array.from({ length: 7 }, (_, i) => ({
        type: 'scatter',
        name: `layer${i}`,
        legendgroup: `layer${i}`,
        line: { color: '#0072B2' },
        hovertemplate: `layer${i}<extra></extra>`,
      })),
      points,
    );

  test("B folds into A's legend entries, so eleven layers do not make 22 entries", () => {
    expect(TWIN_LEGEND_MAX).toBeLessThan(7);
    const out = traces(overlayTwin(perLayer(2), perLayer(3)));
    const [a0, b0] = [out[0]!, out[7]!];
    expect(out.filter((t) => t.showlegend !== false)).toHaveLength(7);
    expect(a0.name).toBe('layer0'); // the entry stands for both twins
    expect(a0.hovertemplate).toBe('A · layer0<extra></extra>');
    expect(b0).toMatchObject({ name: 'B · layer0', legendgroup: 'layer0', showlegend: false });
    expect(b0.opacity).toBe(1);
    expect(b0.line!.dash).toBe('dash');
    // While B has no points yet, A's entries already look the same (no jump).
    expect(traces(overlayTwin(perLayer(2), perLayer(0)))[0]!.name).toBe('layer0');
  });
});

describe('twin figures of the charts', () => {
  const series = (value: number[]) => ({ step: value.map((_, i) => 10 * (i + 1)), value });

  test('the training figure: four lines, B dashed where A is solid, dash-dotted where dotted', () => {
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
    expect(b.map((t) => t.line!.dash)).toEqual(['dash', 'dashdot', 'dash', 'dashdot']);
    expect(b.every((t) => t.opacity === 1)).toBe(true);
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
    // B's line at full strength in B's dash; both named in the legend, no labels on the plot.
    expect(other.layout.shapes!.map((s) => s.opacity)).toEqual([undefined, undefined]);
    expect(other.layout.shapes!.map((s) => s.line?.dash)).toEqual(['dash', 'longdashdot']);
    expect(other.layout.shapes!.map((s) => s.name)).toEqual([
      'A · KURE target 1.8',
      'B · KURE target 2.5 (KURE off)',
    ]);
    expect(other.layout.annotations ?? []).toEqual([]);
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

  test("histogram: both grids and clipped counts named above the plot; B's layout while A has none", () => {
    const [a, b] = [histogramEvent(0.5, 'ptq'), histogramEvent(0.5, 'learned')];
    const overlaid = overlayTwin(histogramFigure(a), histogramFigure(b));
    expect(withTwinHistogram(overlaid, a, null)).toBe(overlaid);
    const both = withTwinHistogram(overlaid, a, b);
    expect((both.layout.title as { text: string }).text.split('<br>')).toEqual([
      'A · conv2: 2-bit, PTQ calibration grid (step 50)',
      'A · clipped: 2 below, 1 above (shaded = grid range)',
      'B · conv2: 2-bit, learned QAT step (step 50)',
      'B · clipped: 2 below, 1 above (shaded = grid range)',
    ]);
    // The title pushes the top margin (no note in the plot's corner, where it sat on the bars).
    expect(both.layout.title).toMatchObject({ automargin: true, yref: 'paper' });
    expect(both.layout.annotations ?? []).toEqual([]);
    expect(both.layout.barmode).toBe('overlay');
    const onlyB = withTwinHistogram(
      overlayTwin(histogramFigure(null), histogramFigure(b)),
      null,
      b,
    );
    expect((onlyB.layout.title as { text: string }).text).toMatch(/^B · conv2.*<br>B · clipped/);
    expect(onlyB.layout.shapes!.length).toBeGreaterThan(0);
  });
});
