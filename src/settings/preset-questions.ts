/**
 * Classroom mode (issue 15): one multiple-choice question per teaching preset, asked before the
 * run and answered after it with the run's own evidence. Each answer is what this lab measured
 * (docs/paper-check.md, docs/sweeps.md), not what the paper claims where the two differ; where a
 * measured difference is within seed noise, the answer says so. Pure data.
 */

/**
 * The measurements a finished run can show as evidence (`ui/classroom/evidence.ts` reads each
 * from the run state):
 * - `ptq-curve`: the last PTQ sweep, float and W8/W4/W3/W2 test accuracy;
 * - `conv2-kurtosis`: conv2's kurtosis at the first and last layer-stats read;
 * - `max-over-std`: max|w|/std per weight layer at the last read, and its mean;
 * - `lsq-offset`: the LSQ+ input grids' learned offsets β at the end, and the test accuracy;
 * - `oscillation-frequency`: the tracked layers' mean EMA oscillation frequency at the end;
 * - `frozen-share`: the share of tracked weights frozen at the end;
 * - `bn-gain`: test accuracy before and after BN re-estimation.
 */
export const EVIDENCE_IDS = [
  'ptq-curve',
  'conv2-kurtosis',
  'max-over-std',
  'lsq-offset',
  'oscillation-frequency',
  'frozen-share',
  'bn-gain',
] as const;
export type EvidenceId = (typeof EVIDENCE_IDS)[number];

/** One question a preset asks before its run. */
export interface PresetQuestion {
  /** The question, one or two sentences. */
  prompt: string;
  /** Three or four answers to choose from. */
  choices: readonly string[];
  /** Index in `choices` of the answer this lab measured. */
  answer: number;
  /** One or two sentences: why, with the numbers the lab measured over seeds. */
  explanation: string;
  /** What the finished run shows in support. */
  evidence: EvidenceId;
}

/** The question of each preset, keyed by preset id (`settings/presets.ts`); one per preset. */
export const PRESET_QUESTIONS: Readonly<Record<string, PresetQuestion>> = {
  baseline: {
    prompt:
      'After plain float training, the weights are quantized (PTQ, per channel, min-max) at 8 bits down to 2. Where does test accuracy collapse?',
    choices: [
      'Already at W6: every cut below 8 bits costs several points',
      'At W4: about half the test images go wrong',
      'Only at W2: W4 stays within about a point of float, W3 loses a few points, W2 falls to about half',
      'Nowhere: min-max PTQ keeps float accuracy even at W2',
    ],
    answer: 2,
    explanation:
      'A 4-bit grid is fine enough for these weights, a 2-bit one is not. The lab measured float 95.8 %, W4 95.4 %, W3 93.3 % and W2 45.5 % ± 10.8 % (MNIST, 3 seeds, paper check).',
    evidence: 'ptq-curve',
  },
  'kure-w4': {
    prompt:
      'KURE adds the loss (kurtosis − 1.8)² on conv2’s weights from the start; conv2 starts Gaussian, with a kurtosis of about 3. Where does its kurtosis end?',
    choices: [
      'Near 3, as in float training: the penalty is too weak to move it',
      'At about 1.8, the kurtosis of a uniform distribution',
      'Above 5: the weights grow heavy tails',
      'At about 1, the lowest a distribution can have',
    ],
    answer: 1,
    explanation:
      'KURE reaches its target: 1.80 ± 0.001 against 3.06 without it (MNIST, 3 seeds, paper check). The W3 PTQ gain that should follow was positive on average (+2.4 pp, worst of four quantizers) but within seed noise.',
    evidence: 'conv2-kurtosis',
  },
  'r2-margin-w2': {
    prompt:
      'R2 Margin penalises every weight beyond a learned margin. Float training ends with max|w|/std at about 3.7 (mean over the weight layers). Where does this run end?',
    choices: [
      'Clearly lower, about 2.6: the outliers are pulled inside the margin',
      'About the same, 3.7: a loss weight of 0.1 is too small to matter',
      'Higher, above 5: the bulk shrinks, so the outliers stand out more',
      'At exactly 1: every weight ends on the margin',
    ],
    answer: 0,
    explanation:
      'The lab measured 2.55 ± 0.06 with R2 Margin against 3.68 ± 0.37 in float (MNIST, 3 seeds, lower on all 3). The W2 and W3 PTQ gains that should follow were positive on most seeds but within seed noise.',
    evidence: 'max-over-std',
  },
  'lsq-plus-swish-w4a4': {
    prompt:
      'Swish dips below zero. LSQ+ config 3 learns an offset β that shifts each input grid; config 1 (plain LSQ) keeps it at zero. In the lab’s three-seed check, how did config 3 do against config 1 at W4A4?',
    choices: [
      'Far better: about 10 points on every seed',
      'Slightly better on average (about 1 point), within seed noise',
      'Worse on every seed: the extra parameter overfits',
      'Identical: β never moves away from zero',
    ],
    answer: 1,
    explanation:
      'Config 3 reached 90.3 % ± 1.8 % and config 1 89.2 % ± 2.3 % (+1.1 pp, better on 2 of 3 seeds), but the 95 % interval [−1.9, 4.1] pp includes 0. One run cannot show that difference: train config 1 on the same seed to compare.',
    evidence: 'lsq-offset',
  },
  'oscillations-w3': {
    prompt:
      'A float model is fine-tuned with 3-bit weights (LSQ). A weight oscillates when it flips back and forth between two grid points. How often does a weight flip here, on average?',
    choices: [
      'Constantly: most weights flip every few steps',
      'About once every 100 steps (a frequency near 0.01)',
      'Rarely: well under 0.001 flips per step',
      'Never: a 3-bit weight cannot leave its grid point',
    ],
    answer: 2,
    explanation:
      'At lab scale few weights flip: the mean frequency ended near 6 × 10⁻⁵ in the paper check and below 0.001 on every seed of the dampening sweep. The Toy tab shows what makes a weight oscillate.',
    evidence: 'oscillation-frequency',
  },
  'dampening-w3': {
    prompt:
      'The same W3 fine-tune plus a dampening loss (λ 0.1) that pulls every latent weight towards its grid point. What does it do to test accuracy, against the fine-tune without it?',
    choices: [
      'Raises it by several points: oscillations were costing accuracy',
      'Nothing measurable: few weights oscillate here, so there is little to dampen',
      'Lowers it by several points: the pull fights the task loss',
      'Drops it to chance: every weight is pinned to the grid',
    ],
    answer: 1,
    explanation:
      'Both reached 89.3 % (MNIST, 3 seeds; −0.1 pp, interval [−0.4, 0.3] pp), and the oscillations it should lower were rare to begin with. The dampening sweep moved neither accuracy nor frequency beyond noise even at λ 1.',
    evidence: 'oscillation-frequency',
  },
  'freezing-w3': {
    prompt:
      'Iterative freezing fixes a weight to its grid point once its oscillation frequency passes a threshold that decays from 0.1 to 0.011. What share of the weights is frozen at the end?',
    choices: [
      'Most of them, over half',
      'About a quarter',
      'Almost none: well under 1 %',
      'None at all: freezing starts only after training',
    ],
    answer: 2,
    explanation:
      'Frequencies stay far below the threshold (about 6 × 10⁻⁵ on average at the end), so the paper check found 0.08 % of the weights frozen. Its accuracy change, +0.1 pp, was within seed noise.',
    evidence: 'frozen-share',
  },
  'bn-reestimate': {
    prompt:
      'This is the W3 fine-tune in float, with no quantizer. Its BN statistics are re-estimated at the end. How much test accuracy does that recover?',
    choices: [
      'Several points: BN statistics always go stale while fine-tuning',
      'About nothing: a few tenths of a point, up or down',
      'About as much as at W3 (+0.4 points)',
      'It costs several points',
    ],
    answer: 1,
    explanation:
      'Re-estimation repairs statistics that oscillating quantized weights throw off, and a float model has none. The lab measured −0.1 ± 0.3 pp in float against +0.4 ± 0.2 pp at W3 (MNIST, 3 seeds), a difference just beyond seed noise.',
    evidence: 'bn-gain',
  },
};

/** The question of the preset with this id, or null when it has none. */
export function questionFor(presetId: string): PresetQuestion | null {
  return Object.hasOwn(PRESET_QUESTIONS, presetId) ? PRESET_QUESTIONS[presetId]! : null;
}
