import { describe, expect, test } from 'vitest';
import { histogramGeometry } from '../../../src/ui/charts/series/histogram';
import {
  histogramFigure,
  histogramTitle,
  histogramXTitle,
} from '../../../src/ui/charts/traces/histogram';
import { histogramEvent } from '../../helpers/histogram-event';

describe('histogram geometry', () => {
  test('per tensor: levels at level × s, clipping range at (n - 0.5)s and (p + 0.5)s', () => {
    const g = histogramGeometry(histogramEvent(0.5));
    expect(g.unit).toBe('weight');
    expect(g.levels).toEqual([-2, -1, 0, 1]);
    expect(g.x).toEqual([-1, -0.5, 0, 0.5]);
    expect(g.spacing).toBe(0.5);
    expect(g.clipRange).toEqual([-1.25, 0.75]);
    expect(g.latentCounts).toEqual([1, 5, 7, 2]);
    expect(g.quantizedCounts).toEqual([3, 5, 7, 4]);
  });

  test('an asymmetric grid: level k stands for (k - z) s, so the axis shows weight values', () => {
    const g = histogramGeometry({ ...histogramEvent(0.5), n: 0, p: 3, zeroPoint: 2 });
    expect(g.x).toEqual([-1, -0.5, 0, 0.5]);
    expect(g.clipRange).toEqual([-1.25, 0.75]);
  });

  test('per channel (scale null): integer units', () => {
    const g = histogramGeometry(histogramEvent(null));
    expect(g.unit).toBe('integer');
    expect(g.x).toEqual([-2, -1, 0, 1]);
    expect(g.spacing).toBe(1);
    expect(g.clipRange).toEqual([-2.5, 1.5]);
  });

  test('figure: bars + level markers, one shaded range and a line per level', () => {
    const fig = histogramFigure(histogramEvent(0.5, 'learned'));
    expect(fig.points).toBe(4);
    expect(fig.data.map((d) => d.type)).toEqual(['bar', 'scatter']);
    const shapes = fig.layout.shapes!;
    expect(shapes).toHaveLength(1 + 4);
    expect(shapes[0]).toMatchObject({ type: 'rect', x0: -1.25, x1: 0.75 });
    expect(shapes.slice(1).map((s) => s.x0)).toEqual([-1, -0.5, 0, 0.5]);
    expect(histogramTitle(histogramEvent(0.5, 'learned'))).toBe(
      'conv2: 2-bit, learned QAT step (step 50)',
    );
    expect(histogramTitle(histogramEvent(null))).toContain('PTQ calibration grid');
    expect(histogramXTitle(histogramEvent(0.5))).toContain('s = 0.5');
    expect(histogramXTitle(histogramEvent(null))).toMatch(/^integer level/);
    expect(histogramFigure(null).points).toBe(0);
  });
});
