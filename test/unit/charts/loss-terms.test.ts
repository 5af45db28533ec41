import { describe, expect, test } from 'vitest';
import { allPositive, lossTermSeries } from '../../../src/ui/charts/series/loss-terms';
import { lossTermsFigure } from '../../../src/ui/charts/traces/loss-terms';

const s = (value: number[]) => ({ step: value.map((_, i) => 10 * (i + 1)), value });

describe('loss-term series', () => {
  test('the terms in fixed order, with labels', () => {
    const series = lossTermSeries({ dampening: s([1]), kure: s([0.2]), task: s([2]) });
    expect(series.map((t) => t.id)).toEqual(['task', 'kure', 'dampening']);
    expect(series[0]).toEqual({ id: 'task', label: 'task (cross-entropy)', ...s([2]) });
    expect(series[2]!.label).toBe('oscillation dampening');
  });

  test('a log axis needs some finite value and every finite value > 0', () => {
    expect(allPositive([s([1, 2]), s([0.5])])).toBe(true);
    expect(allPositive([s([1, 0])])).toBe(false);
    expect(allPositive([s([1, -1e-3])])).toBe(false);
    expect(allPositive([s([Number.NaN, 2])])).toBe(true);
    expect(allPositive([])).toBe(false);
  });

  test('figure: log y when all positive, accuracy in % on the right axis', () => {
    const fig = lossTermsFigure({ task: s([2, 1]), r2: s([0.1, 0]) }, s([0.5, 0.75]), s([0.6]));
    expect(fig.points).toBe(2 + 2 + 2 + 1);
    expect(fig.layout.yaxis?.type).toBe('linear');
    const acc = fig.data[2] as { y: number[]; yaxis: string };
    expect(acc.y).toEqual([50, 75]);
    expect(acc.yaxis).toBe('y2');
    const positive = lossTermsFigure({ task: s([2, 1]) }, s([]), s([]));
    expect(positive.layout.yaxis?.type).toBe('log');
    expect(lossTermsFigure({}, s([]), s([])).points).toBe(0);
  });
});
