import { describe, expect, test } from 'vitest';
import { runSummary } from '../helpers/run-summary';
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
import { ARMS, armRecipe, RUN_PINS, STEP_SCALES, type ArmId } from '../../scripts/lib/paper-arms';
import { findPreset, presetRecipe } from '../../src/settings/presets';
import { SETTING_KEYS, sameRecipe, type Recipe } from '../../src/settings/schema';

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

  test('no-worse claims: the interval above -margin holds; a mean above it is partly', () => {
    const noWorse = (b: number[], t: number[]) => ({
      ...accuracy(b, t),
      direction: { kind: 'no-worse', margin: 0.01 } as const,
    });
    // Gains -0.2, -0.4, -0.3 pp: mean -0.3, sd 0.1, interval -0.3 ± 0.25 pp, above -1 pp.
    expect(judgeMeasure(noWorse([0.8, 0.81, 0.82], [0.798, 0.806, 0.817])).verdict).toBe('holds');
    // Gains -0.5, -1.5, +0.5 pp: mean -0.5 pp above -1 pp, but the interval reaches below.
    expect(judgeMeasure(noWorse([0.8, 0.81, 0.82], [0.795, 0.795, 0.825])).verdict).toBe('partly');
    // Gains -2, -2.1, -1.9 pp: the mean is below -1 pp.
    expect(judgeMeasure(noWorse([0.8, 0.81, 0.82], [0.78, 0.789, 0.801])).verdict).toBe(
      'not at this scale',
    );
  });

  test('seeds are counted paired: the technique against its own seed’s baseline', () => {
    expect(seedsAsClaimed(accuracy([0.8, 0.9, 0.7], [0.85, 0.85, 0.75]))).toBe(2);
    expect(seedsAsClaimed(kurtosis([3, 3, 3], [2, 3.5, 1.8]))).toBe(2);
  });
});

const META: ReportMeta = {
  quick: false,
  v1: new Map([['a-claim', 'partly']]),
  presets: new Map([['a-preset', { technique: ['a-claim'], control: [] }]]),
  runs: 6,
  reused: 0,
  jobs: 2,
  elapsedSeconds: 90,
  date: '2026-01-01',
  diverged: [],
  omitted: [],
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
    expect(table[0]).toMatch(/\| \*\*holds\*\* \(v1 rule: holds\) \| partly \|$/);
    expect(table[0]).toContain('claim a-claim with a \\| pipe');
    expect(table[1]).toContain('mean kurtosis: plain 3.00 ± 0.100, technique 3.20 ± 0.100');
    expect(table[1]).toMatch(
      /\| \*\*not at this scale\*\* \(v1 rule: not at this scale\) \| new claim \|$/,
    );
    expect(md).toContain('## Verdict rules');
    expect(md).toContain('### v1: the first report’s unpaired rule');
    expect(md).toContain('6 training runs (seeds and data sets per claim');
    expect(md).toContain('| a-preset | a-claim: holds | — |');
    expect(md).not.toContain('Diverged runs');
    expect(md).not.toContain('Partial report');
    const partial = renderReport(rows, { ...META, omitted: ['c-claim', 'd-claim'] });
    expect(partial).toContain('**Partial report**: not in this run: c-claim, d-claim.');
  });

  test('a quick run says so in every row, and diverged runs are listed', () => {
    const md = renderReport([result('a-claim', accuracy([0.8], [0.9]))], {
      ...META,
      quick: true,
      diverged: ['W3 LSQ mnist seed 1: the loss became NaN'],
    });
    expect(md).toMatch(/\| quick run: not a verdict \| partly \|$/m);
    expect(md).toContain('80.0% (1 seed)');
    expect(md).toContain('## Diverged runs\n\n- W3 LSQ mnist seed 1: the loss became NaN');
  });
});

describe('the claims table', () => {
  const plan: Plan = { quick: false };

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
    }
    // Float claims: 3 arms x 2 data sets x 5 seeds; fine-tune claims: 11 arms x MNIST x 3 seeds.
    expect(byKey.size).toBe(30 + 33);
  });

  test('each arm is its preset: only the data, seed, backend and its declared switch differ', () => {
    for (const [id, arm] of Object.entries(ARMS)) {
      const preset = presetRecipe(findPreset(arm.preset)!);
      const recipe = armRecipe(id as ArmId, 'fashion-mnist', 7, false);
      const overrides: Partial<Recipe> = 'overrides' in arm ? arm.overrides : {};
      const differ = SETTING_KEYS.filter((key) => recipe[key] !== preset[key]);
      const allowed = [...RUN_PINS, ...Object.keys(overrides)];
      expect(
        differ.filter((key) => !allowed.includes(key)),
        id,
      ).toEqual([]);
      // A switch picks a variant or control; it never changes the schedule.
      for (const key of Object.keys(overrides)) {
        expect(['wBits', 'aBits', 'lsqPlusConfig'], `${id}.${key}`).toContain(key);
      }
    }
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
    expect(judged.measures.map((m) => m.dataset)).toEqual(['mnist']);
    expect(judged.measures[0]!.baseline).toEqual([0.8, 0.81, 0.82]);
    expect(judged.verdict).toBe('holds');
    expect(judged.setup).toMatch(/mobilenet-tiny.*float pretraining 600 steps.*seeds 1, 2, 3/);
  });

  test('KURE robustness reads the worst of the four quantizers and the step-size losses', () => {
    const sweep = (w3: number) => ({ fpAccuracy: 0.9, points: [{ bits: 3, accuracy: w3 }] });
    const record = (worst: number, scaled: number): RunRecord => ({
      ...EMPTY,
      sweeps: {
        'kure per-channel min-max': sweep(0.85),
        'kure per-channel MSE': sweep(0.86),
        'kure per-tensor min-max': sweep(worst),
        'kure per-tensor MSE': sweep(0.84),
        ...Object.fromEntries(STEP_SCALES.map((k) => [`kure step ×${k}`, sweep(scaled)])),
      },
    });
    const records = new Map<string, RunRecord>();
    for (const claim of CLAIMS.filter((c) => c.id === 'kure-ptq' || c.id === 'kure-step')) {
      for (const run of claim.runs(plan)) {
        const kure = run.key.startsWith('kure|');
        const seed = run.recipe.seed / 100;
        records.set(run.key, kure ? record(0.75 + seed, 0.85) : record(0.6 + seed, 0.7 - seed));
      }
    }
    const ptq = CLAIMS.find((c) => c.id === 'kure-ptq')!.judge(records, plan);
    const w3 = ptq.measures.find((m) => m.label.startsWith('W3'))!;
    expect(w3.baseline.map((x) => x.toFixed(2))).toEqual(['0.61', '0.62', '0.63', '0.64', '0.65']);
    expect(w3.treatment.map((x) => x.toFixed(2))).toEqual(['0.76', '0.77', '0.78', '0.79', '0.80']);
    expect(w3.verdict).toBe('holds');
    const step = CLAIMS.find((c) => c.id === 'kure-step')!.judge(records, plan).measures[0]!;
    // Float loses 0.86 - (0.7 - seed/100); KURE 0.86 - 0.85 = 0.01.
    expect(step.baseline[0]).toBeCloseTo(0.17, 10);
    expect(step.treatment[0]).toBeCloseTo(0.01, 10);
    expect(step.verdict).toBe('holds');
  });

  test('kurtosis is averaged over the layers KURE regularises only', () => {
    const layer = (name: string, kind: string, kurtosis: number) => ({
      name,
      kind,
      kurtosis,
      maxAbs: 1,
      std: 1,
    });
    const layers = [
      layer('conv1', 'conv2d', 9),
      layer('conv2', 'conv2d', 1.8),
      layer('dense', 'dense', 9),
    ];
    const records = new Map<string, RunRecord>();
    const claim = CLAIMS.find((c) => c.id === 'kure-kurtosis')!;
    for (const run of claim.runs(plan)) records.set(run.key, { ...EMPTY, layers });
    const judged = claim.judge(records, plan);
    expect(judged.measures[0]!.treatment).toEqual([1.8, 1.8, 1.8, 1.8, 1.8]);
  });
});

const EMPTY: RunRecord = runSummary();
