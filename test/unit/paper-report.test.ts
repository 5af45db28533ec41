import { describe, expect, test } from 'vitest';
import { CLAIMS, type Plan, type RunRecord } from '../../scripts/lib/paper-claims';
import {
  combineVerdicts,
  judgeMeasure,
  mean,
  pairedGain,
  tQuantile975,
  renderReport,
  seedsAsClaimed,
  std,
  type ClaimResult,
  type MeasureInput,
  type ReportMeta,
} from '../../scripts/lib/paper-report';
import { sameRecipe } from '../../src/settings/schema';

/** An accuracy measure with hand-made per-seed values (resolution: one of 1000 test images). */
const accuracy = (baseline: number[], treatment: number[]): MeasureInput => ({
  label: 'test accuracy',
  dataset: 'mnist',
  direction: { kind: 'higher' },
  baselineName: 'plain',
  treatmentName: 'technique',
  baseline,
  treatment,
  resolution: 0.001,
  format: 'percent',
});

const kurtosis = (baseline: number[], treatment: number[]): MeasureInput => ({
  ...accuracy(baseline, treatment),
  label: 'mean kurtosis',
  direction: { kind: 'target', target: 1.8, tolerance: 0.3 },
  resolution: 0.01,
  format: 'number',
});

describe('statistics over seeds', () => {
  test('mean and sample standard deviation (n-1)', () => {
    expect(mean([1, 2, 3])).toBe(2);
    expect(std([1, 2, 3])).toBeCloseTo(1, 12);
    expect(std([5])).toBe(0);
    expect(mean([])).toBeNaN();
  });
});

describe('paired rule', () => {
  test('t quantiles: the table, then the normal quantile', () => {
    expect(tQuantile975(2)).toBe(4.303);
    expect(tQuantile975(9)).toBe(2.262);
    expect(tQuantile975(100)).toBe(1.96);
    expect(() => tQuantile975(0)).toThrowError(RangeError);
  });

  test('interval of the per-seed gains: mean ± t(0.975, n-1) sd / sqrt(n)', () => {
    // Gains 0.05, 0.03, 0.04: mean 0.04, sd 0.01, half-width 4.303 * 0.01 / sqrt(3) = 0.024843.
    const g = pairedGain(accuracy([0.8, 0.81, 0.82], [0.85, 0.84, 0.86]));
    expect(g.mean).toBeCloseTo(0.04, 12);
    expect(g.low).toBeCloseTo(0.04 - 0.0248434, 6);
    expect(g.high).toBeCloseTo(0.04 + 0.0248434, 6);
    expect(judgeMeasure(accuracy([0.8, 0.81, 0.82], [0.85, 0.84, 0.86])).verdict).toBe('holds');
  });

  test('a consistent gain under a wide spread of seeds holds paired, not unpaired', () => {
    // Every seed gains exactly one point; the baseline spread (sd 0.05) hides it from the v1 rule.
    const m = judgeMeasure(accuracy([0.8, 0.85, 0.9], [0.81, 0.86, 0.91]));
    expect(m.verdict).toBe('holds');
    expect(m.unpaired.verdict).toBe('partly');
  });

  test('right sign with an interval reaching 0 is partly; wrong sign is not at this scale', () => {
    // Gains 0.02, 0.01, -0.01: mean 0.0067, half-width 0.038.
    expect(judgeMeasure(accuracy([0.8, 0.9, 0.7], [0.82, 0.91, 0.69])).verdict).toBe('partly');
    expect(judgeMeasure(accuracy([0.8, 0.9, 0.7], [0.79, 0.9, 0.7])).verdict).toBe(
      'not at this scale',
    );
  });

  test('a gain below the resolution never holds, and a target must end within tolerance', () => {
    expect(judgeMeasure(accuracy([0.8, 0.8, 0.8], [0.8005, 0.8005, 0.8005])).verdict).toBe(
      'partly',
    );
    expect(judgeMeasure(kurtosis([3.1, 3.0, 2.9], [1.9, 1.85, 1.95])).verdict).toBe('holds');
    expect(judgeMeasure(kurtosis([3.1, 3.0, 2.9], [2.4, 2.5, 2.6])).verdict).toBe('partly');
  });
});

describe('v1 rule (unpaired), kept beside the paired one', () => {
  test('direction claims: beyond 2 baseline std holds, right sign within noise is partly, wrong sign is not', () => {
    // Baseline std 0.01: the bar is 0.02.
    expect(judgeMeasure(accuracy([0.8, 0.81, 0.82], [0.85, 0.84, 0.86])).unpaired.verdict).toBe(
      'holds',
    );
    expect(judgeMeasure(accuracy([0.8, 0.81, 0.82], [0.82, 0.82, 0.82])).unpaired.verdict).toBe(
      'partly',
    );
    expect(judgeMeasure(accuracy([0.8, 0.81, 0.82], [0.8, 0.8, 0.8])).unpaired.verdict).toBe(
      'not at this scale',
    );
    expect(judgeMeasure(accuracy([0.8, 0.81, 0.82], [0.81, 0.81, 0.81])).unpaired.verdict).toBe(
      'not at this scale',
    );
  });

  test('lower-is-better claims are judged with the sign flipped', () => {
    const lower = (b: number[], t: number[]) => ({
      ...accuracy(b, t),
      direction: { kind: 'lower' } as const,
    });
    expect(judgeMeasure(lower([0.3, 0.31, 0.29], [0.1, 0.12, 0.11])).unpaired.verdict).toBe(
      'holds',
    );
    expect(judgeMeasure(lower([0.1, 0.12, 0.11], [0.3, 0.31, 0.29])).unpaired.verdict).toBe(
      'not at this scale',
    );
  });

  test('the noise never drops below the resolution', () => {
    // Identical baselines (std 0): half a test image more is still within noise.
    const result = judgeMeasure(accuracy([0.8, 0.8, 0.8], [0.8005, 0.8005, 0.8005]));
    expect(result.unpaired.verdict).toBe('partly');
    expect(result.unpaired.reason).toMatch(/within noise/);
  });

  test('target claims: near the target and moved beyond noise holds; moved but far is partly', () => {
    expect(judgeMeasure(kurtosis([3.1, 3.0, 2.9], [1.9, 1.85, 1.95])).unpaired.verdict).toBe(
      'holds',
    );
    expect(judgeMeasure(kurtosis([3.1, 3.0, 2.9], [2.4, 2.5, 2.6])).unpaired.verdict).toBe(
      'partly',
    );
    expect(judgeMeasure(kurtosis([3.1, 3.0, 2.9], [3.2, 3.3, 3.1])).unpaired.verdict).toBe(
      'not at this scale',
    );
    // Overshooting below the target counts by distance, not by sign.
    expect(judgeMeasure(kurtosis([3.1, 3.0, 2.9], [1.6, 1.6, 1.6])).unpaired.verdict).toBe('holds');
  });

  test('no verdict for quick runs, fewer than 3 seeds or a diverged run', () => {
    const good = accuracy([0.8, 0.81, 0.82], [0.9, 0.9, 0.9]);
    expect(judgeMeasure(good, true)).toMatchObject({
      verdict: 'no verdict',
      reason: 'quick run: not a verdict',
    });
    expect(judgeMeasure(accuracy([0.8, 0.81], [0.9, 0.9])).verdict).toBe('no verdict');
    expect(judgeMeasure(accuracy([0.8, NaN, 0.82], [0.9, 0.9, 0.9])).reason).toMatch(/diverged/);
    expect(() => judgeMeasure(accuracy([0.8, 0.81, 0.82], [0.9]))).toThrowError(/seeds/);
  });

  test('parts combine: all hold, all not, else partly; any missing verdict spoils the claim', () => {
    expect(combineVerdicts(['holds', 'holds'])).toBe('holds');
    expect(combineVerdicts(['not at this scale', 'not at this scale'])).toBe('not at this scale');
    expect(combineVerdicts(['holds', 'not at this scale'])).toBe('partly');
    expect(combineVerdicts(['partly', 'holds'])).toBe('partly');
    expect(combineVerdicts(['holds', 'no verdict'])).toBe('no verdict');
    expect(combineVerdicts([])).toBe('no verdict');
  });

  test('seeds are counted paired: the technique against its own seed’s baseline', () => {
    expect(seedsAsClaimed(accuracy([0.8, 0.9, 0.7], [0.85, 0.85, 0.75]))).toBe(2);
    expect(seedsAsClaimed(kurtosis([3, 3, 3], [2, 3.5, 1.8]))).toBe(2);
  });
});

const META: ReportMeta = {
  quick: false,
  seeds: [1, 2, 3],
  datasets: ['mnist'],
  runs: 6,
  reused: 0,
  jobs: 2,
  elapsedSeconds: 90,
  date: '2026-01-01',
  diverged: [],
  machine: '2 cores',
};

function result(id: string, measure: MeasureInput): ClaimResult {
  const judged = judgeMeasure(measure);
  const base = { claim: `claim ${id} with a | pipe`, source: 'seed.txt: paper', setup: 'tiny' };
  const verdict = combineVerdicts([judged.verdict]);
  const unpairedVerdict = combineVerdicts([judged.unpaired.verdict]);
  return { id, ...base, measures: [judged], verdict, unpairedVerdict };
}

describe('markdown report', () => {
  test('one table row per claim, with numbers, spread, seed count and verdict', () => {
    const rows = [
      result('a-claim', accuracy([0.8, 0.81, 0.82], [0.85, 0.84, 0.86])),
      result('b-claim', kurtosis([3.1, 3.0, 2.9], [3.2, 3.3, 3.1])),
    ];
    const md = renderReport(rows, META);
    const table = md.split('\n').filter((l) => /^\| [ab]-claim \|/.test(l));
    expect(table).toHaveLength(2);
    expect(table[0]).toContain('plain 81.0% ± 1.0%, technique 85.0% ± 1.0%; Δ +4.0 pp (3/3 seeds)');
    expect(table[0]).toMatch(/\| \*\*holds\*\* \(v1: holds\) \|$/);
    expect(table[0]).toContain('claim a-claim with a \\| pipe');
    expect(table[1]).toContain('mean kurtosis: plain 3.00 ± 0.100, technique 3.20 ± 0.100');
    expect(table[1]).toMatch(/\| \*\*not at this scale\*\* \(v1: not at this scale\) \|$/);
    expect(md).toContain('## Verdict rules');
    expect(md).toContain('### v1: the first report’s unpaired rule');
    expect(md).toContain('6 training runs, seeds 1, 2, 3');
    expect(md).not.toContain('Diverged runs');
  });

  test('a quick run says so in every row, and diverged runs are listed', () => {
    const md = renderReport([result('a-claim', accuracy([0.8], [0.9]))], {
      ...META,
      quick: true,
      diverged: ['W3 LSQ mnist seed 1: the loss became NaN'],
    });
    expect(md).toMatch(/\| quick run: not a verdict \|$/m);
    expect(md).toContain('80.0% (1 seed)');
    expect(md).toContain('## Diverged runs\n\n- W3 LSQ mnist seed 1: the loss became NaN');
  });
});

describe('the claims table', () => {
  const plan: Plan = { quick: false, seeds: [1, 2, 3], datasets: ['mnist', 'fashion-mnist'] };

  test('ids are unique; every claim names its seed file and paper', () => {
    expect(new Set(CLAIMS.map((c) => c.id)).size).toBe(CLAIMS.length);
    for (const c of CLAIMS) expect(c.source).toMatch(/^\d{3}_[0-9a-f]{16}\.txt: .+, .+\d{4}/);
  });

  test('runs shared by claims have one recipe per key, and every recipe is valid', () => {
    const byKey = new Map<string, ReturnType<(typeof CLAIMS)[number]['runs']>[number]>();
    for (const run of CLAIMS.flatMap((c) => c.runs(plan))) {
      const seen = byKey.get(run.key);
      if (seen) expect(sameRecipe(seen.recipe, run.recipe), run.key).toBe(true);
      byKey.set(run.key, run);
      expect(run.recipe.backend).toBe('cpu');
      expect(run.recipe.evalEvery).toBe(run.recipe.steps);
    }
    // 8 arms x 2 data sets x 3 seeds.
    expect(byKey.size).toBe(48);
  });

  test('a claim judges the records of its runs by the written rules', () => {
    const claim = CLAIMS.find((c) => c.id === 'bn-reestimate')!;
    const records = new Map<string, RunRecord>();
    claim.runs(plan).forEach((run, i) => {
      const before = [0.8, 0.81, 0.82][i % 3]!;
      const bn = { before, after: before + 0.05 };
      records.set(run.key, { ...EMPTY, testAccuracy: bn.after, bn });
    });
    const judged = claim.judge(records, plan);
    expect(judged.measures.map((m) => m.dataset)).toEqual(['mnist', 'fashion-mnist']);
    expect(judged.measures[0]!.baseline).toEqual([0.8, 0.81, 0.82]);
    expect(judged.verdict).toBe('holds');
    expect(judged.setup).toMatch(/mobilenet-tiny.*400 steps.*seeds 1, 2, 3/);
  });
});

const EMPTY: RunRecord = {
  testAccuracy: NaN,
  ptq: null,
  layers: [],
  oscillation: [],
  bn: null,
  diverged: null,
};
