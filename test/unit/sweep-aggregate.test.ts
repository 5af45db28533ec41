import { describe, expect, test } from 'vitest';
import { runSummary } from '../helpers/run-summary';
import { defaultRecipe } from '../../src/settings/schema';
import { aggregateSweep } from '../../src/sweep/aggregate';
import type { RunSummary } from '../../src/sweep/run-summary';
import { sweepMetric } from '../../src/sweep/sweep-metrics';
import type { SweepRun } from '../../src/sweep/sweep-types';

const summary = runSummary;

/** Runs of values 0..values-1 × seeds, keyed `v<value>s<seed>`, testExamples 1000. */
function plan(values: number, seeds: number): SweepRun[] {
  const recipe = { ...defaultRecipe(), testExamples: 1000 };
  return Array.from({ length: seeds }, (_, seedIndex) =>
    Array.from({ length: values }, (_, valueIndex) => ({
      key: `v${valueIndex}s${seedIndex}`,
      valueIndex,
      value: valueIndex,
      seedIndex,
      seed: seedIndex + 1,
      recipe: { ...recipe, learningRate: valueIndex, seed: seedIndex + 1 },
    })),
  ).flat();
}

/** Test accuracies by value: one array per value, one entry per seed (null: not finished). */
function results(accuracies: (number | null | 'diverged')[][]): Map<string, RunSummary> {
  const out = new Map<string, RunSummary>();
  accuracies.forEach((perSeed, v) =>
    perSeed.forEach((y, s) => {
      if (y === null) return;
      const diverged = y === 'diverged' ? 'loss is NaN at step 3' : null;
      out.set(`v${v}s${s}`, summary({ testAccuracy: y === 'diverged' ? NaN : y, diverged }));
    }),
  );
  return out;
}

describe('aggregateSweep', () => {
  const accuracy = sweepMetric('test-acc');
  const runs = plan(5, 3);
  const rows = aggregateSweep(
    runs,
    results([
      [0.5, 0.6, 0.7], // baseline
      [0.8, 0.92, 0.98], // +0.30 on every seed (±0.02): beyond noise
      [0.4, 0.9, 0.6], // differences −0.1, +0.3, −0.1: within noise
      [0.7, 'diverged', 0.8], // two pairs left
      [0.9, null, null], // two runs not finished
    ]),
    accuracy,
    0,
  );

  test('one row per value in order, with hand-computed mean and sample std', () => {
    expect(rows.map((r) => r.value)).toEqual([0, 1, 2, 3, 4]);
    expect(rows[0]!.mean).toBeCloseTo(0.6, 12);
    expect(rows[0]!.std).toBeCloseTo(0.1, 12); // sqrt((0.01 + 0 + 0.01) / 2)
    expect(rows[1]!.mean).toBeCloseTo(0.9, 12);
    expect(rows[1]!.std).toBeCloseTo(Math.sqrt((0.01 + 0.0004 + 0.0064) / 2), 12);
    expect(rows[0]!.points.map((p) => p.seed)).toEqual([1, 2, 3]);
  });

  test('diverged runs are counted and left out of the mean', () => {
    const row = rows[3]!;
    expect(row.diverged.map((p) => p.key)).toEqual(['v3s1']);
    expect(row.points).toHaveLength(2);
    expect(row.mean).toBeCloseTo(0.75, 12);
    expect(row.pending).toBe(0);
  });

  test('unfinished runs are counted as pending', () => {
    expect(rows[4]!.pending).toBe(2);
    expect(rows[4]!.points).toHaveLength(1);
    expect(rows[4]!.std).toBe(0);
    expect(rows.slice(0, 4).every((r) => r.pending === 0)).toBe(true);
  });

  test('versus the baseline: paired by seed, with a verdict', () => {
    expect(rows[0]!.versus).toBeNull();
    const clear = rows[1]!.versus!;
    expect(clear.pairs).toBe(3);
    expect(clear.difference.mean).toBeCloseTo(0.3, 12);
    // t(0.975, 2) · 0.02 / √3 either side of the mean.
    expect(clear.difference.high - clear.difference.mean).toBeCloseTo(
      (4.303 * 0.02) / Math.sqrt(3),
      9,
    );
    expect(clear.verdict).toBe('beyond noise');
    expect(rows[2]!.versus!.verdict).toBe('within noise');
    expect(rows[3]!.versus).toMatchObject({ pairs: 2, verdict: 'too few seeds' });
    expect(rows[4]!.versus).toMatchObject({ pairs: 1, verdict: 'too few seeds' });
  });

  test('a difference smaller than one test image is within noise even when steady', () => {
    const tiny = aggregateSweep(
      plan(2, 3),
      results([
        [0.5, 0.6, 0.7],
        [0.5004, 0.6004, 0.7004], // +0.0004 < 1/1000
      ]),
      accuracy,
      0,
    );
    expect(tiny[1]!.versus!.verdict).toBe('within noise');
  });

  test('with nothing finished a row has no mean and every run pending', () => {
    const [row] = aggregateSweep(plan(1, 2), new Map(), accuracy, 0);
    expect(row!.mean).toBeNaN();
    expect(row!.pending).toBe(2);
  });
});
