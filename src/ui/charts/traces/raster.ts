import type { Data } from 'plotly.js';
import { discreteLevelColorscale } from '../palette';
import type { WeightRaster } from '../series/raster';
import { baseLayout, heading, titled, type FigureSpec } from './common';

/** Most labelled ticks on the colour bar; finer grids label every 2nd, 4th, … level. */
const MAX_LEVEL_TICKS = 9;

/** Colour-bar ticks on whole levels n..p, at most {@link MAX_LEVEL_TICKS} of them. */
export function levelTicks(n: number, p: number): number[] {
  const stride = Math.ceil((p - n + 1) / MAX_LEVEL_TICKS);
  const ticks: number[] = [];
  for (let level = n; level <= p; level += stride) ticks.push(level);
  return ticks;
}

/**
 * The sampled weights' integer levels as a heatmap: weights on y, steps on x, one colour band
 * per level, so a weight that flips between two levels shows as a striped row.
 */
export function rasterFigure(raster: WeightRaster | null): FigureSpec {
  const layout = baseLayout('weight-raster', {
    xaxis: titled('training step'),
    yaxis: { ...titled('sampled weight (#)'), autorange: 'reversed' },
    ...(raster
      ? {
          title: heading([`${raster.layer}: ${raster.weights.length} sampled weights`]),
        }
      : {}),
  });
  if (!raster || raster.steps.length === 0 || raster.weights.length === 0) {
    return { data: [], layout, points: 0 };
  }
  const { n, p } = raster;
  const data: Data[] = [
    {
      type: 'heatmap',
      name: 'integer level',
      x: raster.steps,
      y: raster.weights,
      z: raster.z,
      zmin: n - 0.5,
      zmax: p + 0.5,
      colorscale: discreteLevelColorscale(n, p),
      colorbar: { title: { text: 'integer level' }, tickvals: levelTicks(n, p) },
      hovertemplate: 'step %{x}<br>weight #%{y}<br>level %{z}<extra></extra>',
    },
  ];
  return { data, layout, points: raster.weights.length * raster.steps.length };
}
