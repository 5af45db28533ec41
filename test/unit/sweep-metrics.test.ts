import { describe, expect, test } from 'vitest';
import { runSummary } from '../helpers/run-summary';
import { formatMetric, sweepMetric, SWEEP_METRICS } from '../../src/sweep/sweep-metrics';
import { SWEEP_METRIC_IDS } from '../../src/sweep/sweep-types';

const summary = runSummary;

describe('sweep metrics', () => {
  test('every metric id has exactly one metric, in the id order', () => {
    expect(SWEEP_METRICS.map((m) => m.id)).toEqual([...SWEEP_METRIC_IDS]);
    for (const id of SWEEP_METRIC_IDS) expect(sweepMetric(id).id).toBe(id);
  });

  const run = summary({
    testAccuracy: 0.91,
    ptq: {
      fpAccuracy: 0.93,
      points: [
        { bits: 2, accuracy: 0.2 },
        { bits: 3, accuracy: 0.6 },
        { bits: 8, accuracy: 0.92 },
      ],
    },
    layers: [
      { name: 'c1', kind: 'conv', kurtosis: 3, maxAbs: 2, std: 0.5 },
      { name: 'c2', kind: 'conv', kurtosis: 5, maxAbs: 3, std: 0.5 },
    ],
    oscillation: [
      { name: 'c1', frequency: 0.01, lateRate: 0, frozen: 0.1 },
      { name: 'c2', frequency: 0.03, lateRate: 0, frozen: 0.3 },
    ],
    loss: { total: 1.5, terms: { task: 1.2, kure: 0.3 } },
  });
  const read = (id: (typeof SWEEP_METRIC_IDS)[number]) => sweepMetric(id).read(run);

  test('each reads its number from a run summary', () => {
    expect(read('test-acc')).toBe(0.91);
    expect(read('fp-acc')).toBe(0.93);
    expect(read('ptq-w2')).toBe(0.2);
    expect(read('ptq-w3')).toBe(0.6);
    expect(read('ptq-w8')).toBe(0.92);
    expect(read('kurtosis')).toBe(4);
    expect(read('max-std')).toBe(5); // mean of 4 and 6
    expect(read('osc-freq')).toBeCloseTo(0.02, 12);
    expect(read('frozen')).toBeCloseTo(0.2, 12);
    expect(read('loss')).toBe(1.5);
    expect(read('loss-task')).toBe(1.2);
    expect(read('loss-kure')).toBe(0.3);
  });

  test('what a run does not report reads as NaN', () => {
    expect(read('ptq-w4')).toBeNaN(); // no W4 point
    expect(read('loss-r2')).toBeNaN();
    const bare = summary();
    for (const metric of SWEEP_METRICS) expect(metric.read(bare), metric.id).toBeNaN();
  });

  test('values are shown as percentages or numbers, a missing one as a dash', () => {
    expect(formatMetric(sweepMetric('test-acc'), 0.9123)).toBe('91.2%');
    expect(formatMetric(sweepMetric('kurtosis'), 3.14159)).toBe('3.14');
    expect(formatMetric(sweepMetric('kurtosis'), NaN)).toBe('–');
  });
});
