import { describe, expect, test } from 'vitest';
import type { RunState } from '../../../src/store/run-state';
import { fpAccuracySeries, ptqBitsSeries } from '../../../src/ui/charts/series/ptq';
import { ptqFigure } from '../../../src/ui/charts/traces/ptq';

const point = (bits: number, accuracy: number) => ({
  bits,
  label: `W${bits}A32`,
  accuracy,
  loss: 1,
});

const history: RunState['ptqHistory'] = [
  {
    type: 'ptq',
    step: 100,
    method: 'symmetric per-channel MSE',
    fpAccuracy: 0.9,
    points: [point(4, 0.8), point(2, 0.1)],
  },
  {
    type: 'ptq',
    step: 200,
    method: 'symmetric per-channel MSE',
    fpAccuracy: 0.95,
    points: [point(2, 0.2), point(4, 0.9), point(8, 0.95)],
  },
];

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

  test('figure: latest sweep by bits with a float line, history on the second axes', () => {
    const latest = history[1]!;
    const fig = ptqFigure(latest, history);
    expect(fig.points).toBe(3 + 5);
    const [now, fp] = fig.data as { x: number[]; y: number[]; text?: string[] }[];
    expect(now!.x).toEqual([2, 4, 8]);
    expect(now!.y).toEqual([20, 90, 95]);
    expect(now!.text).toEqual(['W2A32', 'W4A32', 'W8A32']);
    expect(fp!.x).toEqual([2, 8]);
    expect(fp!.y).toEqual([95, 95]);
    expect(ptqFigure(null, []).points).toBe(0);
  });
});
