import { describe, expect, test } from 'vitest';
import type { ReportValues } from '../../../src/settings/techniques';
import { techniqueEvent } from '../../helpers/technique-event';
import {
  softplus,
  techniqueSeries,
  type TechniqueHistory,
} from '../../../src/ui/charts/series/technique';

const event = (step: number, layers: [string, ReportValues<'qat'>][]) =>
  techniqueEvent('qat', step, layers);

const history: TechniqueHistory<'qat'> = [
  event(10, [
    ['conv1', { weightStep: 0.02 }],
    ['conv2', { weightStep: 0.01, inputStep: 0.1, inputOffset: -0.5 }],
  ]),
  event(20, [
    ['conv1', { weightStep: 0.018 }],
    ['conv2', { weightStep: 0.011, inputStep: 0.12, inputOffset: -0.4 }],
  ]),
];

describe('technique series', () => {
  test('one series per layer that reports the key', () => {
    expect(techniqueSeries(history, 'weightStep')).toEqual([
      { name: 'conv1', step: [10, 20], value: [0.02, 0.018] },
      { name: 'conv2', step: [10, 20], value: [0.01, 0.011] },
    ]);
    expect(techniqueSeries(history, 'inputOffset')).toEqual([
      { name: 'conv2', step: [10, 20], value: [-0.5, -0.4] },
    ]);
  });

  test('missing history or key gives no series; transform maps values', () => {
    expect(techniqueSeries(undefined, 'weightStep')).toEqual([]);
    // A key no layer reports gives no series.
    expect(techniqueSeries([event(10, [['conv1', { weightStep: 0.02 }]])], 'inputOffset')).toEqual(
      [],
    );
    expect(techniqueSeries(history, 'inputStep', (v) => 10 * v)[0]!.value).toEqual([1, 1.2]);
  });

  test('softplus = ln(1 + e^x), stable for large |x|', () => {
    expect(softplus(0)).toBeCloseTo(Math.LN2, 15);
    expect(softplus(1)).toBeCloseTo(Math.log(1 + Math.E), 15);
    expect(softplus(-1)).toBeCloseTo(Math.log(1 + 1 / Math.E), 15);
    expect(softplus(1000)).toBe(1000);
    expect(softplus(-1000)).toBe(0);
  });
});
