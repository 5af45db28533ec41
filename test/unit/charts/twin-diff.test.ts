import { describe, expect, test } from 'vitest';
import { ptqQuantizerOf } from '../../../src/settings/ptq-quantizer';
import { defaultRecipe } from '../../../src/settings/schema';
import {
  deltaDirection,
  deltaPoints,
  formatDelta,
  formatPercent,
  twinDiffRows,
  type PtqEvent,
} from '../../../src/ui/charts/series/twin-diff';

const sweep = (fpAccuracy: number, points: [string, number][]): PtqEvent => ({
  type: 'ptq',
  step: 200,
  method: 'symmetric per-channel MSE',
  fpAccuracy,
  points: points.map(([label, accuracy]) => ({
    bits: Number(label.slice(1, label.indexOf('A'))),
    label,
    accuracy,
    loss: 1,
  })),
  quantizer: ptqQuantizerOf(defaultRecipe()),
  images: 2000,
});

describe('twin diff rows', () => {
  test('float first, then every label both sweeps measured, in A order; delta = b - a', () => {
    const a = sweep(0.9, [
      ['W2A32', 0.1],
      ['W4A32', 0.8],
      ['W8A32', 0.9],
    ]);
    const b = sweep(0.88, [
      ['W8A32', 0.87],
      ['W4A32', 0.85],
      ['W3A32', 0.5],
    ]);
    const rows = twinDiffRows(a, b);
    expect(rows.map((r) => r.label)).toEqual(['float', 'W4A32', 'W8A32']);
    expect(rows[0]).toMatchObject({ a: 0.9, b: 0.88 });
    expect(rows[0]!.delta).toBeCloseTo(-0.02, 12);
    expect(rows[1]).toMatchObject({ a: 0.8, b: 0.85 });
    expect(rows[1]!.delta).toBeCloseTo(0.05, 12);
    expect(rows[2]!.delta).toBeCloseTo(-0.03, 12);
  });

  test('labels with activation bits match only the same label', () => {
    const a = sweep(0.9, [['W4A4', 0.7]]);
    const b = sweep(0.9, [
      ['W4A32', 0.8],
      ['W4A4', 0.75],
    ]);
    expect(twinDiffRows(a, b).map((r) => r.label)).toEqual(['float', 'W4A4']);
  });

  test('empty until both runs have a sweep', () => {
    const a = sweep(0.9, [['W4A32', 0.8]]);
    expect(twinDiffRows(null, null)).toEqual([]);
    expect(twinDiffRows(a, null)).toEqual([]);
    expect(twinDiffRows(null, a)).toEqual([]);
    expect(twinDiffRows(sweep(0.5, []), sweep(0.6, [])).map((r) => r.label)).toEqual(['float']);
  });
});

describe('twin diff text', () => {
  test('percent and signed percentage points with one decimal', () => {
    expect(formatPercent(0.9123)).toBe('91.2 %');
    expect(formatDelta(0.032)).toBe('+3.2 pp');
    expect(formatDelta(-0.01)).toBe('-1.0 pp');
    expect(formatDelta(0.0001)).toBe('±0.0 pp');
    expect(formatDelta(-0.0001)).toBe('±0.0 pp');
    expect(deltaPoints(0.85 - 0.8)).toBe(5);
    expect(deltaPoints(-0.0001)).toBe(0);
    expect(Object.is(deltaPoints(-0.0001), -0)).toBe(false);
    expect(deltaPoints(-0.0123).toFixed(1)).toBe('-1.2');
  });

  test('direction at the shown precision', () => {
    expect(deltaDirection(0.032)).toBe('up');
    expect(deltaDirection(-0.032)).toBe('down');
    expect(deltaDirection(0.0004)).toBe('same');
  });
});
