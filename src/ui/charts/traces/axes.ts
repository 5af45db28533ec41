/** Axis settings that keep tick labels readable for students (types only from Plotly). */
import type { LayoutAxis } from 'plotly.js';

/** Finite positive values of `series` (what a log axis can show). */
function positives(series: readonly { value: readonly number[] }[]): number[] {
  return series.flatMap((s) => s.value.filter((v) => Number.isFinite(v) && v > 0));
}

/**
 * A log axis for `series` that labels whole decades only (10⁻³, 10⁻², …; no "2 3 5" digits
 * between them) with unlabelled minor ticks and grid lines at 2..9 × each decade. Its range runs
 * from the decade at or below the smallest value to the one at or above the largest (at least
 * one decade), so at least two labelled ticks always show. Autorange when there is no value.
 */
export function logAxis(series: readonly { value: readonly number[] }[]): Partial<LayoutAxis> {
  const values = positives(series);
  const axis: Partial<LayoutAxis> = {
    type: 'log',
    dtick: 1,
    minor: { dtick: 'D1', ticks: 'outside', ticklen: 3, showgrid: true, gridcolor: '#eef0f3' },
  };
  if (values.length === 0) return axis;
  const low = Math.floor(Math.log10(Math.min(...values)));
  const high = Math.max(low + 1, Math.ceil(Math.log10(Math.max(...values))));
  return { ...axis, range: [low, high] };
}

/** Smallest top of a percent axis: a share that stays at 0 % reads as 0..10 %, not 0..1. */
export const MIN_PERCENT_TOP = 10;

/**
 * A 0..top range for percent values (0..100): `top` is the largest value rounded up to the
 * next 10 %, at least {@link MIN_PERCENT_TOP} and at most 100, so the axis always reads in
 * real percent even while every value is 0.
 */
export function percentRange(series: readonly { value: readonly number[] }[]): [number, number] {
  const max = Math.max(0, ...series.flatMap((s) => s.value.filter(Number.isFinite)));
  return [0, Math.min(100, Math.max(MIN_PERCENT_TOP, Math.ceil(max / 10) * 10))];
}
