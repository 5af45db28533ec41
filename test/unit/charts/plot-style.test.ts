// Presenter-grade plots (issue 15, item 5): type sizes per view, no SI prefixes on axes, legends
// below the axis titles, readable log and percent axes, and empty plots without invented axes.
import type { Layout } from 'plotly.js';
import { describe, expect, test } from 'vitest';
import type { RunState } from '../../../src/store/run-state';
import {
  AXIS_TEMPLATE,
  drawnFigure,
  emptyLayout,
  LEGEND_BELOW,
  PLOT_FONT_PX,
  styledLayout,
  type PlotView,
} from '../../../src/ui/charts/plot-style';
import { ptqCurves } from '../../../src/ui/charts/series/ptq';
import { weightRaster } from '../../../src/ui/charts/series/raster';
import { logAxis, percentRange } from '../../../src/ui/charts/traces/axes';
import type { FigureSpec } from '../../../src/ui/charts/traces/common';
import { histogramFigure, withTwinHistogram } from '../../../src/ui/charts/traces/histogram';
import { kurtosisFigure, withTwinKureTarget } from '../../../src/ui/charts/traces/kurtosis';
import { lossTermsFigure } from '../../../src/ui/charts/traces/loss-terms';
import { oscillationFigure } from '../../../src/ui/charts/traces/oscillation';
import { ptqFigure } from '../../../src/ui/charts/traces/ptq';
import { quantParamsFigure } from '../../../src/ui/charts/traces/quant-params';
import { rasterFigure } from '../../../src/ui/charts/traces/raster';
import { withStageMarks } from '../../../src/ui/charts/traces/stages';
import { trainingFigure } from '../../../src/ui/charts/traces/training';
import { overlayTwin } from '../../../src/ui/charts/traces/twin';
import { histogramEvent } from '../../helpers/histogram-event';
import { ptqEvent } from '../../helpers/ptq-event';
import { techniqueEvent } from '../../helpers/technique-event';

const series = (value: number[]) => ({ step: value.map((_, i) => 10 * (i + 1)), value });

const layers: RunState['layerStatsHistory'] = [
  {
    type: 'layer-stats',
    step: 10,
    layers: [{ name: 'stem', kind: 'conv2d', kurtosis: 3, maxAbs: 0.5, std: 0.1 }],
  },
];
const qat = [techniqueEvent('qat', 10, [['c', { weightStep: 0.02, inputStep: 0.03 }]])];
const osc = [techniqueEvent('oscillation', 10, [['c', { frequency: 5e-4, frozen: 0 }]])];
const ptq = [ptqEvent(100, {}, [[4, 0.8]])];
const raster = weightRaster({ layer: 'c', n: -2, p: 1, steps: [1, 2], values: [[0], [1]] });

/** One figure of every live plot, with data, and the twin overlays that add labels. */
function everyFigure(): [string, FigureSpec][] {
  const training = trainingFigure({
    trainLoss: series([2, 1]),
    testLoss: series([2]),
    trainAccuracy: series([0.5]),
    testAccuracy: series([0.6]),
  });
  const kurtosis = kurtosisFigure(layers, 1.8, true, ['stem']);
  const twinKurtosis = withTwinKureTarget(
    overlayTwin(kurtosis, kurtosis),
    { target: 1.8, kureOn: true },
    { target: 2.5, kureOn: true },
  );
  const h = histogramEvent(0.5);
  const twinHistogram = withTwinHistogram(
    overlayTwin(histogramFigure(h), histogramFigure(h)),
    h,
    h,
  );
  return [
    ['training', withStageMarks(training, [{ step: 10, label: 'fine-tune' }])],
    ['loss terms', lossTermsFigure({ task: series([1e-8, 1e-6]) }, series([0.5]), series([]))],
    ['kurtosis', kurtosis],
    ['twin kurtosis', twinKurtosis],
    ['histogram', histogramFigure(h)],
    ['twin histogram', twinHistogram],
    ['oscillation', oscillationFigure(osc, ['c'])],
    ['raster', rasterFigure(raster)],
    ['quant params', quantParamsFigure(qat, undefined, ['c'])],
    ['ptq', ptqFigure(ptqCurves(ptq, null), ptq)],
  ];
}

/** Every explicit font size in a layout (title, legend, annotations, axis titles and ticks). */
function fontSizes(layout: Partial<Layout>): number[] {
  const sizes: number[] = [];
  const walk = (value: unknown, key: string) => {
    if (Array.isArray(value)) value.forEach((v) => walk(v, key));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(v, k);
    } else if (key === 'size' && typeof value === 'number') sizes.push(value);
  };
  for (const [key, value] of Object.entries(layout)) {
    if (key !== 'shapes' && key !== 'margin') walk(value, key);
  }
  return sizes;
}

const axes = (layout: Partial<Layout>) =>
  Object.entries(layout).filter(([k]) => /^[xy]axis\d*$/.test(k)) as [string, object][];

describe('type sizes per view', () => {
  test('12 px and up normally, 14 px and up in Presenter view', () => {
    expect(PLOT_FONT_PX.normal).toBeGreaterThanOrEqual(12);
    expect(PLOT_FONT_PX.presenter).toBeGreaterThanOrEqual(14);
  });

  test.each(['normal', 'presenter'] as PlotView[])(
    'every text of every plot is at least the %s size',
    (view) => {
      const min = PLOT_FONT_PX[view];
      for (const [name, figure] of everyFigure()) {
        const layout = styledLayout(figure.layout, view);
        expect(layout.font?.size, name).toBe(min);
        for (const size of fontSizes(layout)) expect(size, name).toBeGreaterThanOrEqual(min);
      }
    },
  );

  test('small sizes a layout gives are raised; larger ones kept', () => {
    const layout = styledLayout(
      {
        title: { text: 'a title', font: { size: 10 } },
        annotations: [
          { text: 'note', font: { size: 9 } },
          { text: 'big', font: { size: 30 } },
        ],
        legend: { font: { size: 8 } },
        xaxis: { title: { text: 'x', font: { size: 10 } }, tickfont: { size: 9 } },
      },
      'presenter',
    );
    expect(layout.title).toEqual({ text: 'a title', font: { size: 15 } });
    expect(layout.annotations!.map((a) => a.font?.size)).toEqual([15, 30]);
    expect(layout.legend?.font?.size).toBe(15);
    expect(layout.xaxis?.tickfont?.size).toBe(15);
    expect((layout.xaxis?.title as { font: { size: number } }).font.size).toBe(15);
  });
});

describe('axes students can read', () => {
  test('every axis prints powers of ten, never SI prefixes (10n, 1µ, 500µ)', () => {
    const template = AXIS_TEMPLATE as { layout: Record<string, { exponentformat?: string }> };
    expect(template.layout.xaxis!.exponentformat).toBe('power');
    expect(template.layout.yaxis!.exponentformat).toBe('power');
    for (const [name, figure] of everyFigure()) {
      for (const [key, axis] of axes(figure.layout)) {
        const format = (axis as { exponentformat?: string }).exponentformat;
        expect(['SI', 'B'], `${name} ${key}`).not.toContain(format);
      }
    }
  });

  test('axes grow their margins to fit labels and titles (no title under the legend)', () => {
    const template = AXIS_TEMPLATE as { layout: Record<string, { automargin?: boolean }> };
    expect(template.layout.xaxis!.automargin).toBe(true);
    expect(template.layout.yaxis!.automargin).toBe(true);
  });

  test('log axes label whole decades only, with a range of at least one decade', () => {
    const axis = logAxis([{ value: [0.011, 0.012] }]);
    expect(axis.type).toBe('log');
    expect(axis.dtick).toBe(1); // no "5 4 3 2 0.1 9 8 7" digit labels
    expect(axis.minor).toMatchObject({ dtick: 'D1' }); // unlabelled minor ticks
    expect(axis.range).toEqual([-2, -1]);
    expect(logAxis([{ value: [1e-8, 3e-6, 0, Number.NaN] }]).range).toEqual([-8, -5]);
    expect(logAxis([{ value: [1] }]).range).toEqual([0, 1]);
    expect(logAxis([]).range).toBeUndefined();
  });

  test('the loss-term and quantizer-step log axes use it', () => {
    const loss = lossTermsFigure({ task: series([1e-8, 1e-6]) }, series([]), series([]));
    expect(loss.layout.yaxis).toMatchObject({ type: 'log', dtick: 1, range: [-8, -6] });
    const steps = quantParamsFigure(qat, undefined, ['c']);
    expect(steps.layout.yaxis).toMatchObject({ type: 'log', dtick: 1, range: [-2, -1] });
  });

  test('a percent axis runs in real percent from 0, never 0..1', () => {
    expect(percentRange([{ value: [0, 0] }])).toEqual([0, 10]);
    expect(percentRange([])).toEqual([0, 10]);
    expect(percentRange([{ value: [12] }, { value: [Number.NaN, 41] }])).toEqual([0, 50]);
    expect(percentRange([{ value: [100] }])).toEqual([0, 100]);
  });
});

describe('legends and labels keep clear of each other', () => {
  test('legends sit at the bottom edge of the figure, below the axis titles', () => {
    expect(LEGEND_BELOW).toMatchObject({ orientation: 'h', yref: 'container', y: 0 });
    expect(LEGEND_BELOW.yanchor).toBe('bottom');
    for (const [name, figure] of everyFigure()) {
      const legend = figure.layout.legend;
      if (!legend) continue; // the raster has no legend
      expect(legend, name).toMatchObject(LEGEND_BELOW);
    }
  });

  test('no label sits on the data: every annotation is above the plot area', () => {
    for (const [name, figure] of everyFigure()) {
      for (const note of figure.layout.annotations ?? []) {
        expect([note.yref, note.y, note.yanchor], name).toEqual(['paper', 1, 'bottom']);
      }
    }
  });
});

describe('empty plots', () => {
  test('hide their axes, reference lines and legend instead of inventing a range', () => {
    const empty = kurtosisFigure([], 1.8, false, []);
    expect(empty.points).toBe(0);
    const drawn = drawnFigure({ ...empty, data: [{ type: 'scatter', x: [0], y: [0.1] }] });
    expect(drawn.data).toEqual([]);
    const layout = drawn.layout;
    expect(layout.xaxis?.visible).toBe(false);
    expect(layout.yaxis?.visible).toBe(false);
    expect(layout.yaxis2?.visible).toBe(false);
    expect(layout.shapes).toEqual([]);
    expect(layout.annotations).toEqual([]);
    expect(layout.showlegend).toBe(false);
    expect((layout.xaxis?.title as { text: string }).text).toBe('training step');
    expect(emptyLayout({}).xaxis?.visible).toBe(false);
  });

  test('a plot with points is drawn with its own layout', () => {
    const figure = kurtosisFigure(layers, 1.8, true, ['stem']);
    expect(drawnFigure(figure)).toBe(figure);
  });
});
