/**
 * The paper-check report: statistics over seeds, the written-down verdict rules, and the markdown
 * writer of `docs/paper-check.md`. Pure: no engine, no files, so the rules are unit-tested on
 * hand-made numbers. The statistics over seeds are the lab's own (src/core/stats/seed-stats.ts).
 */
import { CONFIDENCE, MIN_SEEDS, mean, meanInterval, std } from '../../src/core/stats/seed-stats';

export { CONFIDENCE, MIN_SEEDS, mean, std, tQuantile975 } from '../../src/core/stats/seed-stats';

/** How a claim fared. 'no verdict': a quick run, too few seeds, or a diverged run. */
export type Verdict = 'holds' | 'partly' | 'not at this scale' | 'no verdict';

/** Which way a measure should move under the technique, or the value it should reach. */
export type Direction =
  | { kind: 'higher' }
  | { kind: 'lower' }
  | { kind: 'target'; target: number; tolerance: number }
  /** Higher is better, and the claim is only that the technique loses less than `margin`. */
  | { kind: 'no-worse'; margin: number };

/** One measured quantity of a claim on one data set: per-seed values of both arms, same seeds. */
export interface MeasureInput {
  /** What is measured, e.g. `W2 PTQ accuracy`. */
  label: string;
  dataset: string;
  direction: Direction;
  /** Names of the arms, e.g. `float` and `KURE`. */
  baselineName: string;
  treatmentName: string;
  /** Per-seed values, in seed order; index i of both arrays is the same seed. */
  baseline: number[];
  treatment: number[];
  /** The smallest meaningful difference (e.g. one test image): the noise is never below it. */
  resolution: number;
  /** `percent`: a fraction shown as %; `number`: shown as is. */
  format: 'percent' | 'number';
}

/** A verdict and the reason for it in words. */
export interface Judgement {
  verdict: Verdict;
  reason: string;
}

/**
 * A judged measure: the input, its verdict by the paired rule with the reason, and the verdict
 * the first report's unpaired rule gives (kept beside it for comparison).
 */
export interface MeasureResult extends MeasureInput, Judgement {
  unpaired: Judgement;
}

/** One row of the report. */
export interface ClaimResult {
  id: string;
  claim: string;
  /** Seed file and paper. */
  source: string;
  /** Model, data, steps, seeds and the technique's settings, in words. */
  setup: string;
  measures: MeasureResult[];
  verdict: Verdict;
  /** The claim's verdict by the unpaired rule of the first report. */
  unpairedVerdict: Verdict;
}

/** What the run was, for the report's header. */
export interface ReportMeta {
  quick: boolean;
  /** Verdicts of the first design's report by claim id ({@link readVerdicts}). */
  v1: ReadonlyMap<string, string>;
  /** Each preset with the claims it is the technique arm of and those it is a control of. */
  presets: ReadonlyMap<string, { technique: readonly string[]; control: readonly string[] }>;
  runs: number;
  /** Runs read back from the saved runs of an earlier report (`--resume`), not trained now. */
  reused: number;
  jobs: number;
  elapsedSeconds: number;
  /** ISO date of the run. */
  date: string;
  /** Runs that diverged, named; their claims get no verdict. */
  diverged: string[];
  /** Claims left out of this run (`--only`), named so a partial report says it is one. */
  omitted: string[];
  /** The machine in words, e.g. `2 cores, load average 3.1 at the start` (timings depend on it). */
  machine: string;
}

/** Unpaired rule: a difference is beyond noise above this many baseline standard deviations. */
export const NOISE_FACTOR = 2;
/**
 * The verdict rules as printed in the report; {@link judgeMeasure} implements exactly these. The
 * arms share seed, initialisation and data order, so the rule judges the per-seed differences.
 */
export const VERDICT_RULES = [
  `Each measure compares a baseline arm with the technique's arm on the same seeds; the two runs ` +
    `of one seed share initialisation and data order, so the rule looks at the per-seed gains ` +
    `g_i (technique minus baseline, signed so that the claimed direction is positive; for a ` +
    `target claim, how much closer to T the technique ended). ḡ is their mean and the ` +
    `${CONFIDENCE * 100} % interval is ḡ ± t(0.975, n-1) · sd(g) / √n (Student's t over n seeds).`,
  `- **holds**: the whole interval is above 0 and ḡ is at least the measure's resolution (one ` +
    `test image for accuracies); a target claim must also end within its stated tolerance of T.`,
  `- **partly**: ḡ > 0 otherwise (right sign, but the interval reaches 0, or a target missed).`,
  `- **not at this scale**: ḡ <= 0 (wrong sign or no change).`,
  `- **No-worse claims** (a technique "costs nothing", within a margin δ): **holds** when the ` +
    `whole interval is above -δ, **partly** when ḡ > -δ otherwise, **not at this scale** when ` +
    `ḡ <= -δ.`,
  `- A claim with several measures or data sets **holds** when every part holds, is ` +
    `**not at this scale** when every part is, and **partly** otherwise.`,
  `- **no verdict**: a quick run, fewer than ${MIN_SEEDS} seeds, or a diverged run.`,
  `- "v1" is the verdict the first report's unpaired rule gives on the same runs (below), kept ` +
    `so that the change of rule can be seen apart from any change of design.`,
].join('\n');

/** The first report's rule, unpaired; {@link judgeUnpaired} implements exactly these. */
export const UNPAIRED_RULES = [
  `Each measure compares a baseline arm with the technique's arm on the same seeds and data. ` +
    `"noise" is the baseline's standard deviation over seeds (n-1), but never less than the ` +
    `measure's resolution (one test image for accuracies).`,
  `- **Direction claims** (higher or lower is better): d = mean(technique) - mean(baseline), ` +
    `signed so that the claimed direction is positive. **holds**: d > ${NOISE_FACTOR} x noise; ` +
    `**partly**: 0 < d <= ${NOISE_FACTOR} x noise (right sign, within noise); ` +
    `**not at this scale**: d <= 0 (wrong sign or no change).`,
  `- **Target claims** (a value "about" T): m = |mean(baseline) - T| - |mean(technique) - T| is ` +
    `how far the technique moved the mean towards T. **holds**: |mean(technique) - T| <= the ` +
    `stated tolerance and m > ${NOISE_FACTOR} x noise; **partly**: m > 0 otherwise; ` +
    `**not at this scale**: m <= 0.`,
  `- **No-worse claims**: **holds** when d - ${NOISE_FACTOR} x noise > -δ, **partly** when ` +
    `d > -δ, **not at this scale** otherwise (a rule added for v2 designs; v1 had no such claim).`,
  `- A claim with several measures or data sets **holds** when every part holds, is ` +
    `**not at this scale** when every part is, and **partly** otherwise.`,
  `- **no verdict**: a quick run, fewer than ${MIN_SEEDS} seeds, or a diverged run.`,
  `- "k/n seeds" counts the seeds on which the technique beat its own baseline run in the ` +
    `claimed direction (paired by seed); it is shown, not used by the rules.`,
].join('\n');

/** How much the technique improved on its baseline in the claimed sense (positive = as claimed). */
function gain(direction: Direction, baseline: number, treatment: number): number {
  switch (direction.kind) {
    case 'higher':
    case 'no-worse':
      return treatment - baseline;
    case 'lower':
      return baseline - treatment;
    case 'target':
      return Math.abs(baseline - direction.target) - Math.abs(treatment - direction.target);
  }
}

/** Seeds on which the technique's run beat the baseline run of the same seed, as claimed. */
export function seedsAsClaimed(input: MeasureInput): number {
  return input.baseline.filter((b, i) => gain(input.direction, b, input.treatment[i]!) > 0).length;
}

/**
 * Judge one measure by {@link VERDICT_RULES} (paired), with the {@link UNPAIRED_RULES} verdict
 * beside it. `quick` runs never get a verdict.
 */
export function judgeMeasure(input: MeasureInput, quick = false): MeasureResult {
  const unjudged = judgeable(input, quick);
  if (unjudged) return { ...input, ...unjudged, unpaired: unjudged };
  return { ...input, ...judgePaired(input), unpaired: judgeUnpaired(input) };
}

/** Why `input` gets no verdict at all, or null when it can be judged. */
function judgeable(input: MeasureInput, quick: boolean): Judgement | null {
  const none = (reason: string): Judgement => ({ verdict: 'no verdict', reason });
  if (quick) return none('quick run: not a verdict');
  if (input.baseline.length !== input.treatment.length) {
    throw new Error(`${input.label}: baseline and technique have different numbers of seeds`);
  }
  if (![...input.baseline, ...input.treatment].every(Number.isFinite)) {
    return none('a run diverged or reported no value');
  }
  if (input.baseline.length < MIN_SEEDS) return none(`fewer than ${MIN_SEEDS} seeds`);
  return null;
}

/** The per-seed gains in the claimed sense, their mean and the confidence interval. */
export function pairedGain(input: MeasureInput): { mean: number; low: number; high: number } {
  return meanInterval(input.baseline.map((b, i) => gain(input.direction, b, input.treatment[i]!)));
}

/** The paired rule ({@link VERDICT_RULES}) on a judgeable measure. */
export function judgePaired(input: MeasureInput): Judgement {
  const g = pairedGain(input);
  const show = (x: number) => formatValue(x, input.format);
  const interval = `gain ${show(g.mean)}, ${CONFIDENCE * 100} % interval [${show(g.low)}, ${show(g.high)}]`;
  if (input.direction.kind === 'no-worse')
    return judgeNoWorse(g, input.direction.margin, interval, show);
  if (g.mean <= 0) return { verdict: 'not at this scale', reason: `wrong sign: ${interval}` };
  const beyond = g.low > 0 && g.mean >= input.resolution;
  if (input.direction.kind === 'target') {
    const { target, tolerance } = input.direction;
    const off = Math.abs(mean(input.treatment) - target);
    const near = off <= tolerance;
    const where = `ends ${show(off)} from ${target} (tolerance ${tolerance})`;
    return { verdict: near && beyond ? 'holds' : 'partly', reason: `${interval}; ${where}` };
  }
  return {
    verdict: beyond ? 'holds' : 'partly',
    reason: beyond ? `interval above 0: ${interval}` : `interval reaches 0: ${interval}`,
  };
}

/** The paired rule for a "no worse than -margin" claim. */
function judgeNoWorse(
  g: { mean: number; low: number },
  margin: number,
  interval: string,
  show: (x: number) => string,
): Judgement {
  const limit = `-${show(margin)}`;
  if (g.low > -margin) return { verdict: 'holds', reason: `interval above ${limit}: ${interval}` };
  if (g.mean > -margin) {
    return { verdict: 'partly', reason: `interval reaches ${limit}: ${interval}` };
  }
  return { verdict: 'not at this scale', reason: `mean below ${limit}: ${interval}` };
}

/** The first report's unpaired rule ({@link UNPAIRED_RULES}) on a judgeable measure. */
export function judgeUnpaired(input: MeasureInput): Judgement {
  const noise = Math.max(std(input.baseline), input.resolution);
  const d = gain(input.direction, mean(input.baseline), mean(input.treatment));
  const beyond = d > NOISE_FACTOR * noise;
  const show = (x: number) => formatValue(x, input.format);
  const versus = `${show(d)} vs ${NOISE_FACTOR} x noise = ${show(NOISE_FACTOR * noise)}`;
  if (input.direction.kind === 'no-worse') {
    const { margin } = input.direction;
    const verdict =
      d > -margin ? (d - NOISE_FACTOR * noise > -margin ? 'holds' : 'partly') : 'not at this scale';
    return {
      verdict,
      reason: `${show(d)} vs -${show(margin)}, ${NOISE_FACTOR} x noise = ${show(NOISE_FACTOR * noise)}`,
    };
  }
  if (d <= 0) return { verdict: 'not at this scale', reason: `wrong sign: ${versus}` };
  if (input.direction.kind === 'target') {
    const off = Math.abs(mean(input.treatment) - input.direction.target);
    const near = off <= input.direction.tolerance;
    const { target, tolerance } = input.direction;
    const where = `${show(off)} from ${target} (tolerance ${tolerance})`;
    const verdict = near && beyond ? 'holds' : 'partly';
    return { verdict, reason: `moved towards it by ${versus}; ends ${where}` };
  }
  const verdict = beyond ? 'holds' : 'partly';
  return {
    verdict,
    reason: beyond ? `beyond noise: ${versus}` : `within noise: ${versus}`,
  };
}

/** A claim's verdict from its parts' (see {@link VERDICT_RULES}). */
export function combineVerdicts(parts: readonly Verdict[]): Verdict {
  if (parts.length === 0 || parts.includes('no verdict')) return 'no verdict';
  if (parts.every((v) => v === 'holds')) return 'holds';
  if (parts.every((v) => v === 'not at this scale')) return 'not at this scale';
  return 'partly';
}

/** A value as shown: percentages with one decimal, other numbers with three significant digits. */
export function formatValue(x: number, format: MeasureInput['format']): string {
  if (!Number.isFinite(x)) return String(x);
  if (format === 'percent') return `${(x * 100).toFixed(1)}%`;
  return Math.abs(x) >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

/** `mean ± std` of per-seed values, in the measure's format. */
export function formatSpread(xs: readonly number[], format: MeasureInput['format']): string {
  if (xs.length === 1) return `${formatValue(xs[0]!, format)} (1 seed)`;
  return `${formatValue(mean(xs), format)} ± ${formatValue(std(xs), format)}`;
}

/** One measure as a table line: both arms, the difference, the seed count and the verdict. */
export function measureCell(m: MeasureResult): string {
  const d = mean(m.treatment) - mean(m.baseline);
  const sign = d > 0 ? '+' : '';
  const unit = m.format === 'percent' ? ' pp' : '';
  const delta = m.format === 'percent' ? (d * 100).toFixed(1) : formatValue(d, 'number');
  const seeds = `${seedsAsClaimed(m)}/${m.baseline.length} seeds`;
  return (
    `**${m.dataset}**, ${m.label}: ${m.baselineName} ${formatSpread(m.baseline, m.format)}, ` +
    `${m.treatmentName} ${formatSpread(m.treatment, m.format)}; Δ ${sign}${delta}${unit} ` +
    `(${seeds}) → *${m.verdict}* (${m.reason}); v1: *${m.unpaired.verdict}*`
  );
}

/** Make text safe inside a markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function header(meta: ReportMeta): string[] {
  const minutes = (meta.elapsedSeconds / 60).toFixed(1);
  const kind = meta.quick
    ? '**quick run**: a smoke test with tiny step counts, no verdicts'
    : 'full run';
  const reused =
    meta.reused > 0
      ? ` (${meta.reused} of them read back from the runs an earlier report saved, with the very ` +
        'same recipes: the time counts only the runs trained now)'
      : '';
  return [
    '# Paper check: do the seed summaries’ claims hold at lab scale?',
    '',
    `Written by \`npm run paper-check\` (${kind}) on ${meta.date}: ${meta.runs} training runs${reused} ` +
      `(seeds and data sets per claim, in its setup), on the tfjs CPU ` +
      `backend in Node with ${meta.jobs} parallel job(s) on ${meta.machine}; it took ` +
      `${minutes} min. Every number below is measured by that run; none is typed in. A claim ` +
      'that does not reproduce at this scale (9k–19k-parameter CNNs, a few hundred steps) is a ' +
      'finding about the scale, not proof that the paper is wrong.',
    '',
    'Each run goes through the lab’s engine exactly as `npm run train` runs it (tfjs CPU backend ' +
      'in Node with the fast CPU kernels): the same recipe and seed give the same events both ways ' +
      '(test/integration/paper-reproducible.test.ts). To reproduce a row, open its preset (below) ' +
      'and set the data set and seed, or pass the same recipe to `npm run train`.',
    '',
  ];
}

/**
 * The verdict column of an earlier report, by claim id: the bold word of each table row's last
 * cell. Empty for no report. Pure.
 */
export function readVerdicts(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of markdown.split('\n')) {
    const cells = line.split(/(?<!\\)\|/).map((c) => c.trim());
    const verdict = /^\*\*([^*]+)\*\*/.exec(cells.at(-2) ?? '')?.[1];
    if (line.startsWith('| ') && cells[1] && verdict) out.set(cells[1], verdict);
  }
  return out;
}

/** How each preset's claims fared: the preset's payoff as the fair test measured it. */
function presetSection(results: readonly ClaimResult[], meta: ReportMeta): string[] {
  const verdictOf = new Map(results.map((r) => [r.id, r.verdict]));
  const fared = (ids: readonly string[]) =>
    ids.map((id) => `${id}: ${verdictOf.get(id) ?? 'not run'}`).join('; ') || '—';
  const rows = [...meta.presets].map(
    ([preset, role]) =>
      `| ${cell(preset)} | ${cell(fared(role.technique))} | ${cell(role.control.join(', ') || '—')} |`,
  );
  return [
    '## Presets',
    '',
    'Every arm is a lab preset (at most with the one switch that makes it a control or a ' +
      'variant), so each preset’s link opens what was measured here (MNIST, seed 1).',
    '',
    '| Preset | Technique arm of (verdict) | Control or baseline of |',
    '| --- | --- | --- |',
    ...rows,
    '',
  ];
}

/** The whole markdown report: header, verdict rules, one table row per claim, notes. */
export function renderReport(results: readonly ClaimResult[], meta: ReportMeta): string {
  const rows = results.map((r) => {
    const measured = r.measures.map(measureCell).join('<br>');
    const verdict = meta.quick
      ? 'quick run: not a verdict'
      : `**${r.verdict}** (v1 rule: ${r.unpairedVerdict})`;
    const before = meta.v1.get(r.id) ?? 'new claim';
    const cells = [r.id, r.claim, r.source, r.setup, measured, verdict, before];
    return `| ${cells.map(cell).join(' | ')} |`;
  });
  const notes = meta.diverged.length
    ? ['', '## Diverged runs', '', ...meta.diverged.map((d) => `- ${d}`)]
    : [];
  const partial = meta.omitted.length
    ? ['', `**Partial report**: not in this run: ${meta.omitted.join(', ')}.`]
    : [];
  return [
    ...header(meta),
    '## Verdict rules',
    '',
    VERDICT_RULES,
    '',
    '### v1: the first report’s unpaired rule',
    '',
    UNPAIRED_RULES,
    '',
    '## Claims',
    '',
    'The last column is the verdict of the first design (docs/paper-check-v1.md: other arms, ' +
      'schedules and rule), kept for comparison.',
    '',
    '| id | Claim | Source | Our setup | Measured (mean ± std over seeds) | Verdict | v1 design |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    ...partial,
    ...notes,
    '',
    ...presetSection(results, meta),
  ].join('\n');
}
