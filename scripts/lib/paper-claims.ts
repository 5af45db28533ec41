/**
 * The claims `npm run paper-check` tests: one entry per qualitative claim of the seed summaries
 * (`../shared/seeds/`), each designed from the paper's own protocol (the line of the seed it
 * follows is cited in its design), with the arms it compares (`paper-arms.ts`, the lab's presets)
 * and the measures read off the runs' records. Verdict rules: `paper-report.ts`.
 */
import type { DatasetName } from '../../src/engine/data/dataset';
import { kureLayerSelection } from '../../src/core/regularizers/layers';
import type { Recipe } from '../../src/settings/schema';
import {
  ARMS,
  armName,
  armRecipe,
  armRun,
  STEP_SCALES,
  type ArmId,
  type QuantizerName,
  type RunSpec,
} from './paper-arms';
import type { RunRecord } from './paper-record';
import {
  combineVerdicts,
  formatValue,
  judgeMeasure,
  type ClaimResult,
  type Direction,
} from './paper-report';

export type { RunRecord } from './paper-record';
export type { RunSpec } from './paper-arms';

/** What to run: `quick` shrinks every run to a smoke test; `seeds` overrides the claims' counts. */
export interface Plan {
  quick: boolean;
  seeds?: number;
}

/** Where a claim's runs are: data sets and how many seeds (1, 2, …). */
export interface Scope {
  datasets: DatasetName[];
  seeds: number[];
}

/** A claim: what it says, its source, its runs and how they are judged. */
export interface Claim {
  id: string;
  claim: string;
  source: string;
  scope(plan: Plan): Scope;
  runs(plan: Plan): RunSpec[];
  judge(records: ReadonlyMap<string, RunRecord>, plan: Plan): ClaimResult;
}

/** One measured quantity, read from the baseline and the treatment arm of each seed. */
interface Measure {
  label: string;
  direction: Direction;
  format: 'percent' | 'number';
  value(record: RunRecord, recipe: Recipe): number;
  /** Reads the treatment arm's record when it differs from {@link value}. */
  treatment?(record: RunRecord, recipe: Recipe): number;
  /** The smallest meaningful difference for this recipe. */
  resolution(recipe: Recipe): number;
  /** Baseline and treatment arm, when not the claim's. */
  arms?: readonly [ArmId, ArmId];
  /** Names to show instead of the arms' own (when both read one run). */
  names?: [string, string];
}

const average = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const percent = { format: 'percent', resolution: (r: Recipe) => 1 / r.testExamples } as const;
const shape = { format: 'number', resolution: () => 0.01 } as const; // kurtosis, max|w|/std
/** "No worse" margin: a cost smaller than this is not a cost at lab scale (1 pp of accuracy). */
export const NO_WORSE_MARGIN = 0.01;
const noWorse: Direction = { kind: 'no-worse', margin: NO_WORSE_MARGIN };

const accuracy = (arms?: readonly [ArmId, ArmId], label = 'test accuracy'): Measure => ({
  label,
  direction: { kind: 'higher' },
  ...percent,
  value: (r) => r.testAccuracy,
  ...(arms ? { arms } : {}),
});
const floatCost: Measure = {
  ...accuracy(undefined, 'float test accuracy (no worse than −1 pp)'),
  direction: noWorse,
};

const sweepAt = (r: RunRecord, sweep: string, bits: number) =>
  r.sweeps[sweep]?.points.find((p) => p.bits === bits)?.accuracy ?? NaN;
const KURE_QUANTIZERS: QuantizerName[] = [
  'per-channel min-max',
  'per-channel MSE',
  'per-tensor min-max',
  'per-tensor MSE',
];
const worstQuantizer = (bits: number): Measure => ({
  label: `W${bits} PTQ accuracy, worst of the four quantizers`,
  direction: { kind: 'higher' },
  ...percent,
  value: (r) => Math.min(...KURE_QUANTIZERS.map((q) => sweepAt(r, `kure ${q}`, bits))),
});
/** Mean accuracy lost when the MSE-optimal W3 step is scaled by {@link STEP_SCALES}. */
const stepSensitivity: Measure = {
  label: `W3 accuracy lost when the MSE step is scaled ×${STEP_SCALES.join(', ×')} (mean)`,
  direction: { kind: 'lower' },
  ...percent,
  value: (r) => {
    const best = sweepAt(r, 'kure per-channel MSE', 3);
    return average(STEP_SCALES.map((k) => best - sweepAt(r, `kure step ×${k}`, 3)));
  },
};
const r2Accuracy = (bits: number, q: QuantizerName, direction: Direction): Measure => ({
  label: `W${bits} PTQ accuracy, ${q}`,
  direction,
  ...percent,
  value: (r) => sweepAt(r, `r2 ${q}`, bits),
});
const R2_QUANTIZERS = ['per-channel min-max', 'per-channel MSE'] as const;

/** Kurtosis averaged over the layers the treatment's recipe regularises (KURE's layers). */
const kurtosis: Measure = {
  label: 'mean kurtosis of the regularised layers',
  direction: { kind: 'target', target: 1.8, tolerance: 0.3 },
  ...shape,
  value: (r, recipe) => {
    const layers = r.layers.map((l, index) => ({ ...l, index }));
    const chosen = kureLayerSelection(
      layers.map(({ name, kind, index }) => ({ name, kind: kind as never, index })),
      recipe.kureLayers,
    );
    return average(chosen.map((l) => layers[l.index]!.kurtosis));
  },
};
const outliers: Measure = {
  label: 'max|w| / std, mean over layers',
  direction: { kind: 'lower' },
  ...shape,
  value: (r) => average(r.layers.map((l) => l.maxAbs / l.std)),
};
const lateOscillations: Measure = {
  label: 'oscillations per weight per step, last 25 % of the fine-tune (mean over 3-bit layers)',
  direction: { kind: 'lower' },
  format: 'number',
  resolution: () => 1e-6,
  value: (r) => average(r.oscillation.map((l) => l.lateRate)),
};
const bnGain = (r: RunRecord) => (r.bn ? r.bn.after - r.bn.before : NaN);
const bnRecovery: Measure = {
  ...accuracy(),
  names: ['before BN re-estimation', 'after'],
  value: (r) => r.bn?.before ?? NaN,
  treatment: (r) => r.bn?.after ?? NaN,
};
const bnGainOver = (control: ArmId): Measure => ({
  label: 'accuracy gained by BN re-estimation',
  direction: { kind: 'higher' },
  ...percent,
  value: bnGain,
  arms: [control, 'w3'],
});

/** Plain-words recipe shared by a claim's rows: model, stages, optimizer, seeds, data. */
export function describeRecipe(r: Recipe, scope: Scope): string {
  const act = r.model === 'small-cnn' ? '' : ` (${r.activation})`;
  const pretrain =
    r.pretrainSteps > 0
      ? `float pretraining ${r.pretrainSteps} steps at lr ${r.pretrainLearningRate}, then `
      : '';
  return (
    `${r.model}${act}, ${pretrain}${r.steps} steps of batch ${r.batchSize}, ${r.optimizer} lr ` +
    `${r.learningRate} ${r.lrSchedule}; seeds ${scope.seeds.join(', ')}; ` +
    `${scope.datasets.join(' and ')}; test on the first ${r.testExamples} test images`
  );
}

const SEEDS = {
  kure: '001_a0f9315307d517aa.txt: Shkolnik, Chmiel et al., “Robust Quantization: One Model to Rule Them All”, NeurIPS 2020',
  r2: '000_2a116c33155c8df1.txt: Kundu et al., “R2 Loss: Range Restriction Loss for Model Compression and Quantization”, arXiv 2303.08253',
  lsqPlus:
    '002_021a37191b2fe763.txt: Bhalgat et al., “LSQ+: Improving low-bit quantization through learnable offsets and better initialization”, CVPR-W 2020',
  osc: '003_2d6f7b0a5263473b.txt: Nagel, Fournarakis et al., “Overcoming Oscillations in Quantization-Aware Training”, ICML 2022',
} as const;

/** Float small-CNN claims are cheap: five seeds on both data sets. */
const FLOAT_SCOPE = { datasets: ['mnist', 'fashion-mnist'], seeds: 5 } as const;
/** Fine-tune claims cost ~10x more per run: three seeds on MNIST, the presets' data set. */
const FINE_TUNE_SCOPE = { datasets: ['mnist'], seeds: 3 } as const;

const kureDesign = (r: Recipe) =>
  `KURE λ ${r.kureWeight}, target ${r.kureTarget}, on the convs but the first (001: the ` +
  'paper’s layers), from the start; PTQ keeps the first and last layers at 8 bit, so the low-bit ' +
  'layers are the regularised ones. Robustness “to variations in the quantization process” ' +
  '(001 l.20, l.26) is judged over four quantizers (per-channel/per-tensor × min-max/MSE, ' +
  `symmetric) at W3 and W2 and as sensitivity to the step size (001 l.30, l.40)`;
const r2Design = (r: Recipe) =>
  `R2 ${r.r2} λ ${r.r2Weight}, hinge power ${r.r2HingePower}, every weight layer, from the ` +
  'start; PTQ of every layer, first and last included (000 l.67), per-channel symmetric with ' +
  'min-max and MSE ranges; the gain is claimed at ultra-low bits (000 l.85)';
const lsqDesign = () =>
  'float Swish model fine-tuned with LSQ+ (002 l.38: weights start from the pretrained float ' +
  'model; W4A4, W3A3, W2A2), first/last layer 8 bit, MSE init: config 3 (unsigned, learned ' +
  'offset β) vs config 1 (unsigned, symmetric = LSQ); 002 l.40 reports +1.6 / +1.3 pp at ' +
  'W4A4 and more at W2A2';
const oscTechnique = (r: Recipe) =>
  r.dampening > 0
    ? `; dampening λ 0 → ${r.dampening} from ${r.oscStart * 100} % (the paper’s λ)`
    : r.freezing === 'on'
      ? `; freezing, threshold ${r.freezeThresholdStart} → ${r.freezeThreshold} from ` +
        `${r.oscStart * 100} % (the paper’s 3-bit values)`
      : '';
const oscDesign = (r: Recipe) =>
  `W${r.wBits} LSQ fine-tune of a float model, first/last layer 8 bit, cosine lr${oscTechnique(r)}; ` +
  `frequency EMA momentum ${r.oscMomentum} (see presets.ts: 2-3x below the final threshold, ` +
  'memory inside the freezing window); accuracy after BN re-estimation, as [OSC-code] ' +
  'evaluates; oscillation events counted over the last 25 % of the fine-tune';
const bnDesign = (r: Recipe) =>
  `${oscDesign(r)}. Controls: the same fine-tune in float, and at W8 (003 l.58: the BN shift ` +
  'grows as 1/2^b, so a gain due to oscillations must be larger at W3 than at W8 or in float)';

interface ClaimDef {
  id: string;
  claim: string;
  source: string;
  /** Data sets and seed count of a full run. */
  scope: { readonly datasets: readonly DatasetName[]; readonly seeds: number };
  /** Baseline and treatment arm (the same arm when one run has both readings). */
  arms: readonly [ArmId, ArmId];
  design(recipe: Recipe): string;
  measures: Measure[];
  /** Numbers that say why the measures came out as they did (read from both arms' runs). */
  context?: Context;
}

/** Per-seed values of `f` over an arm's runs on the claim's first data set. */
type ArmReader = (arm: ArmId, f: (r: RunRecord) => number) => number[];
type Context = (read: ArmReader) => string;

const meanOf = (xs: number[]) => formatValue(average(xs), 'number');
/** How much there was to fix: oscillation frequency and frozen share of the arms at the end. */
const oscillationContext =
  (treatment: ArmId): Context =>
  (read) => {
    const frequency = (r: RunRecord) => average(r.oscillation.map((l) => l.frequency));
    const frozen = (r: RunRecord) => average(r.oscillation.map((l) => l.frozen));
    const frequencies =
      `mean EMA oscillation frequency at the end: ${armName('w3')} ` +
      `${meanOf(read('w3', frequency))}, ${armName(treatment)} ${meanOf(read(treatment, frequency))}`;
    if (treatment !== 'freeze') return frequencies;
    const threshold = armRecipe('freeze', 'mnist', 1, false).freezeThreshold;
    return (
      `${frequencies}; share of weights frozen ${meanOf(read(treatment, frozen))} (the ` +
      `threshold decays to ${threshold})`
    );
  };

const KURE = {
  source: SEEDS.kure,
  scope: FLOAT_SCOPE,
  arms: ['float', 'kure'],
  design: kureDesign,
} as const;
const R2 = {
  source: SEEDS.r2,
  scope: FLOAT_SCOPE,
  arms: ['float', 'r2'],
  design: r2Design,
} as const;
const OSC = { source: SEEDS.osc, scope: FINE_TUNE_SCOPE, design: oscDesign } as const;

/* prettier-ignore */
const CLAIM_DEFS: ClaimDef[] = [
  { ...KURE, id: 'kure-kurtosis', measures: [kurtosis],
    claim: 'KURE drives the weight kurtosis to about 1.8 (uniform; a Gaussian has 3); “about” = within ±0.3, averaged over the regularised layers.' },
  { ...KURE, id: 'kure-ptq', measures: [worstQuantizer(3), worstQuantizer(2)],
    claim: 'KURE makes a model robust to the quantizer: its worst low-bit PTQ accuracy over several quantizers is higher.' },
  { ...KURE, id: 'kure-step', measures: [stepSensitivity],
    claim: 'KURE makes PTQ accuracy less sensitive to the quantization step size around its optimum.' },
  { ...KURE, id: 'kure-cost', measures: [floatCost],
    claim: 'KURE costs no float accuracy (within 1 pp).' },
  { ...R2, id: 'r2-outliers', measures: [outliers],
    claim: 'R2 removes outlier weights: each layer’s range (max|w| / std, averaged over layers) shrinks.' },
  { ...R2, id: 'r2-ptq', measures: [2, 3].flatMap((b) => R2_QUANTIZERS.map((q) => r2Accuracy(b, q, { kind: 'higher' }))),
    claim: 'R2 helps ultra-low-bit PTQ: higher W2 and W3 PTQ accuracy, with min-max and with MSE ranges.' },
  { ...R2, id: 'r2-w4', measures: R2_QUANTIZERS.map((q) => r2Accuracy(4, q, noWorse)),
    claim: 'R2 does no harm at W4 (within 1 pp).' },
  { ...R2, id: 'r2-cost', measures: [floatCost],
    claim: 'R2 does not significantly affect float accuracy (000: Table 5; within 1 pp).' },
  { id: 'lsqplus-swish', source: SEEDS.lsqPlus, scope: FINE_TUNE_SCOPE, arms: ['lsq4', 'lsqPlus4'], design: lsqDesign,
    measures: [accuracy(['lsq4', 'lsqPlus4'], 'W4A4 test accuracy'), accuracy(['lsq3', 'lsqPlus3'], 'W3A3 test accuracy'), accuracy(['lsq2', 'lsqPlus2'], 'W2A2 test accuracy')],
    claim: 'LSQ+’s learned offset helps asymmetric activations (Swish) at low bits, W4A4 to W2A2.' },
  { ...OSC, arms: ['w3', 'damp'], id: 'damp-osc', measures: [lateOscillations], context: oscillationContext('damp'),
    claim: 'Oscillation dampening lowers the oscillations of low-bit (W3) weights.' },
  { ...OSC, arms: ['w3', 'damp'], id: 'damp-acc', measures: [accuracy()], context: oscillationContext('damp'),
    claim: 'Oscillation dampening raises low-bit (W3) QAT accuracy.' },
  { ...OSC, arms: ['w3', 'freeze'], id: 'freeze-osc', measures: [lateOscillations], context: oscillationContext('freeze'),
    claim: 'Iterative weight freezing lowers the oscillations of low-bit (W3) weights.' },
  { ...OSC, arms: ['w3', 'freeze'], id: 'freeze-acc', measures: [accuracy()], context: oscillationContext('freeze'),
    claim: 'Iterative weight freezing raises low-bit (W3) QAT accuracy.' },
  { ...OSC, arms: ['w3', 'w3'], id: 'bn-reestimate', measures: [bnRecovery],
    claim: 'Re-estimating BN statistics after low-bit (W3) QAT recovers accuracy.' },
  { ...OSC, arms: ['floatFineTune', 'w3'], id: 'bn-oscillation', design: bnDesign, measures: [bnGainOver('floatFineTune'), bnGainOver('w8')],
    claim: 'That recovery is due to oscillations: BN re-estimation gains more at W3 than in float or at W8.' },
];

/** The seeds and data sets of a claim under `plan`. */
function scopeOf(def: ClaimDef, plan: Plan): Scope {
  const count = plan.quick ? 1 : (plan.seeds ?? def.scope.seeds);
  return {
    datasets: plan.quick ? ['mnist'] : [...def.scope.datasets],
    seeds: Array.from({ length: count }, (_, i) => i + 1),
  };
}

const armsOf = (def: ClaimDef): ArmId[] => [
  ...new Set([...def.arms, ...def.measures.flatMap((m) => m.arms ?? [])]),
];

/** Turn a claim's definition into its runs and its judge. */
function defineClaim(def: ClaimDef): Claim {
  return {
    id: def.id,
    claim: def.claim,
    source: def.source,
    scope: (plan) => scopeOf(def, plan),
    runs(plan) {
      const { datasets, seeds } = scopeOf(def, plan);
      return armsOf(def).flatMap((arm) =>
        datasets.flatMap((d) => seeds.map((seed) => armRun(arm, d, seed, plan.quick))),
      );
    },
    judge(records, plan) {
      const scope = scopeOf(def, plan);
      const read = (arm: ArmId, d: DatasetName, f: (r: RunRecord, recipe: Recipe) => number) =>
        scope.seeds.map((seed) => {
          const run = armRun(arm, d, seed, plan.quick);
          const record = records.get(run.key);
          if (!record) throw new Error(`paper-check: no result for ${arm} ${d} seed ${seed}`);
          return f(record, run.recipe);
        });
      const measures = def.measures.flatMap((m) =>
        scope.datasets.map((dataset) => {
          const [baseline, treatment] = m.arms ?? def.arms;
          const [baselineName, treatmentName] = m.names ?? [armName(baseline), armName(treatment)];
          const treatmentRecipe = armRecipe(treatment, dataset, scope.seeds[0]!, plan.quick);
          // A measure that reads the regularised layers reads both arms through the treatment's.
          const input = {
            ...{ label: m.label, direction: m.direction, format: m.format, dataset },
            ...{ baselineName, treatmentName },
            baseline: read(baseline, dataset, (r) => m.value(r, treatmentRecipe)),
            treatment: read(treatment, dataset, (r) =>
              (m.treatment ?? m.value)(r, treatmentRecipe),
            ),
            resolution: m.resolution(treatmentRecipe),
          };
          return judgeMeasure(input, plan.quick);
        }),
      );
      const first = armRecipe(def.arms[1], scope.datasets[0]!, scope.seeds[0]!, plan.quick);
      const reader: ArmReader = (arm, f) => read(arm, scope.datasets[0]!, (r) => f(r));
      const context = def.context ? `. Measured context: ${def.context(reader)}` : '';
      const setup = `${describeRecipe(first, scope)}; ${def.design(first)}${context}`;
      const verdict = combineVerdicts(measures.map((m) => m.verdict));
      const unpairedVerdict = combineVerdicts(measures.map((m) => m.unpaired.verdict));
      const { id, claim, source } = def;
      return { id, claim, source, setup, measures, verdict, unpairedVerdict };
    },
  };
}

/** Every claim, in report order. */
export const CLAIMS: readonly Claim[] = CLAIM_DEFS.map(defineClaim);

/** A preset's part in the claims: those it is the technique arm of, and those it is a control of. */
export interface PresetRole {
  technique: string[];
  control: string[];
}

/** Every preset an arm is built on, with its part in each claim, in arm order. */
export function presetRoles(): Map<string, PresetRole> {
  const out = new Map<string, PresetRole>();
  const add = (arm: ArmId, role: keyof PresetRole, claim: string) => {
    const { preset } = ARMS[arm];
    const entry = out.get(preset) ?? { technique: [], control: [] };
    if (!entry[role].includes(claim)) entry[role].push(claim);
    out.set(preset, entry);
  };
  for (const arm of Object.keys(ARMS) as ArmId[]) add(arm, 'technique', ''); // arm order
  for (const def of CLAIM_DEFS) {
    const pairs = [def.arms, ...def.measures.flatMap((m) => (m.arms ? [m.arms] : []))];
    for (const [baseline, treatment] of pairs) {
      if (baseline !== treatment) add(baseline, 'control', def.id);
      add(treatment, 'technique', def.id);
    }
  }
  for (const entry of out.values()) entry.technique = entry.technique.filter(Boolean);
  return out;
}
