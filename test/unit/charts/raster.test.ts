import { describe, expect, test } from 'vitest';
import { weightRaster } from '../../../src/ui/charts/series/raster';
import { rasterFigure } from '../../../src/ui/charts/traces/raster';

const trace = {
  layer: 'conv1',
  n: -2,
  p: 1,
  steps: [1, 2, 3, 4],
  // values[i][k]: weight k after steps[i]; weight 0 flips every step, weight 2 once.
  values: [
    [0, 1, -2],
    [1, 1, -2],
    [0, 1, -1],
    [1, 1, -1],
  ],
};

describe('weight raster', () => {
  test('transposes steps × weights into weights × steps and counts flips', () => {
    const r = weightRaster(trace);
    expect(r.weights).toEqual([0, 1, 2]);
    expect(r.steps).toEqual([1, 2, 3, 4]);
    expect(r.z).toEqual([
      [0, 1, 0, 1],
      [1, 1, 1, 1],
      [-2, -2, -1, -1],
    ]);
    expect(r.flipsPerWeight).toEqual([3, 0, 1]);
    expect(r.totalFlips).toBe(4);
  });

  test('short rows leave NaN gaps that count no flip; empty trace has no weights', () => {
    const r = weightRaster({ ...trace, steps: [1, 2, 3], values: [[0, 1], [1], [0, 0]] });
    expect(r.z).toEqual([
      [0, 1, 0],
      [1, Number.NaN, 0],
    ]);
    expect(r.flipsPerWeight).toEqual([2, 0]);
    expect(weightRaster({ ...trace, steps: [], values: [] }).weights).toEqual([]);
  });

  test('figure: a heatmap on [n - 0.5, p + 0.5], one tick per level', () => {
    const fig = rasterFigure(weightRaster(trace));
    expect(fig.points).toBe(12);
    const [heat] = fig.data as { type: string; zmin: number; zmax: number }[];
    expect(heat).toMatchObject({ type: 'heatmap', zmin: -2.5, zmax: 1.5 });
    expect(heat).toHaveProperty('colorbar.tickvals', [-2, -1, 0, 1]);
    expect(rasterFigure(null)).toMatchObject({ data: [], points: 0 });
  });
});
