/**
 * The claims `npm run paper-check` tests: one entry per qualitative claim of the seed summaries
 * (`../shared/seeds/`), each with the runs it needs (arms built on the lab's own presets) and the
 * measures that read numbers off a run's end-of-run events. Verdict rules: `paper-report.ts`.
 */
import type { DatasetName } from '../../src/engine/data/dataset';
import { ptqMethod } from '../../src/engine/training/ptq-sweep';
import { findPreset, presetRecipe } from '../../src/settings/presets';
import type { Recipe } from '../../src/settings/schema';
import { recipeProblems } from '../../src/settings/validate-recipe';
import { combineVerdicts, judgeMeasure, type ClaimResult, type Direction } from './paper-report';

/** What to run: seeds and data sets; `quick` shrinks every run to a smoke test. */
export interface Plan {
  quick: boolean;
  seeds: number[];
  datasets: DatasetName[];
}

/** One training run, named by arm, data set and seed; one key = one recipe, run once. */
export interface RunSpec {
  key: string;
  name: string;
  recipe: Recipe;
}

/** What a finished run left behind: the numbers the claims read from its last events. */
export interface RunRecord {
  /** Test accuracy of the final evaluation (after BN re-estimation when that is on). */
  testAccuracy: number;
  /** End-of-run PTQ sweep: float accuracy and accuracy per weight bit width. */
  ptq: { fpAccuracy: number; points: { bits: number; accuracy: number }[] } | null;
  /** Last kernel statistics per weight layer, in forward order. */
  layers: { name: string; kurtosis: number; maxAbs: number; std: number }[];
  /** Last oscillation report per tracked (<= 4-bit) layer: mean EMA frequency. */
  oscillation: { name: string; frequency: number }[];
  /** End-of-run BN re-estimation: test accuracy before and after. */
  bn: { before: number; after: number } | null;
  /** The divergence message, when the run diverged (its accuracy is then NaN). */
  diverged: string | null;
}

/** A claim: what it says, its source (seed file and paper), its runs and how they are judged. */
export interface Claim {
  id: string;
  claim: string;
  source: string;
  runs(plan: Plan): RunSpec[];
  judge(records: ReadonlyMap<string, RunRecord>, plan: Plan): ClaimResult;
}

/** Length and cadences of float and QAT runs: full runs fit the 60-minute budget, quick ones CI. */
const SIZES = {
  float: {
    full: { steps: 500, batchSize: 64, testExamples: 5000, metricsEvery: 50 },
    quick: { steps: 10, batchSize: 32, testExamples: 200, metricsEvery: 5 },
  },
  qat: {
    full: { steps: 400, batchSize: 16, testExamples: 2000, metricsEvery: 50 },
    quick: { steps: 10, batchSize: 16, testExamples: 200, metricsEvery: 5 },
  },
} as const;

/** An arm: a lab preset plus overrides, i.e. a recipe a user can open in the lab. */
interface Arm {
  name: string;
  preset: string;
  size: keyof typeof SIZES;
  overrides?: Partial<Recipe>;
}

const BN_ON = { bnReestimate: 'on' } as const;
const SWISH = 'lsq-plus-swish-w4a4';
const CONFIG_1 = { lsqPlusConfig: 'unsigned-symmetric' } as const;
const ARMS = {
  float: { name: 'float', preset: 'baseline', size: 'float' },
  kure: { name: 'KURE', preset: 'kure-w4', size: 'float', overrides: { kureLayers: 'all' } },
  r2: { name: 'R2 Margin', preset: 'r2-margin-w2', size: 'float' },
  w3: { name: 'W3 LSQ', preset: 'bn-reestimate', size: 'qat' },
  damp: { name: '+dampening', preset: 'dampening-w3', size: 'qat', overrides: BN_ON },
  freeze: { name: '+freezing', preset: 'freezing-w3', size: 'qat', overrides: BN_ON },
  lsq: { name: 'config 1 (LSQ)', preset: SWISH, size: 'qat', overrides: CONFIG_1 },
  lsqPlus: { name: 'config 3 (offset β)', preset: SWISH, size: 'qat' },
} as const satisfies Record<string, Arm>;
type ArmId = keyof typeof ARMS;

/** The full recipe of an arm on one data set and seed; throws if it is not a valid recipe. */
export function armSettings(id: ArmId, data: DatasetName, seed: number, quick: boolean): Recipe {
  const arm: Arm = ARMS[id];
  const preset = findPreset(arm.preset);
  if (!preset) throw new Error(`paper-check: no preset ${arm.preset}`);
  const size = SIZES[arm.size][quick ? 'quick' : 'full'];
  const recipe: Recipe = { ...presetRecipe(preset), ...arm.overrides, ...size };
  Object.assign(recipe, { evalEvery: size.steps, dataset: data, seed, backend: 'cpu' });
  const problems = recipeProblems(recipe);
  if (problems.length > 0) throw new Error(`paper-check arm ${id}: ${problems.join(' ')}`);
  return recipe;
}

/** The run of an arm, keyed so that claims sharing it run it once. */
function armRun(id: ArmId, data: DatasetName, seed: number, quick: boolean): RunSpec {
  const name = `${ARMS[id].name} ${data} seed ${seed}`;
  return { key: `${id}|${data}|${seed}`, name, recipe: armSettings(id, data, seed, quick) };
}

/** One measured quantity; `treatment` (default: `value`) reads the technique's arm. */
interface Measure {
  label: string;
  direction: Direction;
  format: 'percent' | 'number';
  value(record: RunRecord): number;
  treatment?(record: RunRecord): number;
  /** The smallest meaningful difference for this recipe. */
  resolution(recipe: Recipe): number;
  /** Arm names to show instead of the arms' own (when both read one run). */
  names?: [string, string];
}

const average = (xs: number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN);
const percent = { format: 'percent', resolution: (s: Recipe) => 1 / s.testExamples } as const;
const accuracy: Measure = {
  label: 'test accuracy',
  direction: { kind: 'higher' },
  ...percent,
  value: (r) => r.testAccuracy,
};
const ptqAt = (bits: number) => (r: RunRecord) =>
  r.ptq?.points.find((p) => p.bits === bits)?.accuracy ?? NaN;
const ptqDrop = (bits: number): Measure => ({
  label: `W${bits} PTQ drop from float`,
  direction: { kind: 'lower' },
  ...percent,
  value: (r) => (r.ptq?.fpAccuracy ?? NaN) - ptqAt(bits)(r),
});
const ptqAccuracy = (bits: number): Measure => ({
  label: `W${bits} PTQ accuracy`,
  direction: { kind: 'higher' },
  ...percent,
  value: ptqAt(bits),
});
const frequency: Measure = {
  label: 'oscillation frequency (mean over 3-bit layers)',
  direction: { kind: 'lower' },
  format: 'number',
  resolution: () => 1e-4,
  value: (r) => average(r.oscillation.map((l) => l.frequency)),
};
const shape = { format: 'number', resolution: () => 0.01 } as const; // kurtosis, max|w|/std
const kurtosis: Measure = {
  label: 'mean kurtosis',
  direction: { kind: 'target', target: 1.8, tolerance: 0.3 },
  ...shape,
  value: (r) => average(r.layers.map((l) => l.kurtosis)),
};
const outliers: Measure = {
  label: 'max|w| / std',
  direction: { kind: 'lower' },
  ...shape,
  value: (r) => average(r.layers.map((l) => l.maxAbs / l.std)),
};
const bnRecovery: Measure = {
  ...accuracy,
  names: ['before BN re-estimation', 'after'],
  value: (r) => r.bn?.before ?? NaN,
  treatment: (r) => r.bn?.after ?? NaN,
};

/** Plain-words recipe shared by every claim row: model, steps, batch, optimizer, test images. */
export function describeRecipe(s: Recipe, plan: Plan): string {
  const act = s.model === 'small-cnn' ? '' : ` (${s.activation})`;
  return (
    `${s.model}${act}, ${s.steps} steps of batch ${s.batchSize}, ${s.optimizer} lr ` +
    `${s.learningRate} ${s.lrSchedule}; seeds ${plan.seeds.join(', ')}; ` +
    `${plan.datasets.join(' and ')}; test on the first ${s.testExamples} test images`
  );
}
const SCRATCH = 'QAT from scratch (the papers fine-tune a trained float model)';
const kureSetup = (s: Recipe) =>
  `KURE λ ${s.kureWeight}, target ${s.kureTarget}, on every weight layer (the paper skips the ` +
  `first conv and dense layers, which would leave one layer of this CNN); PTQ: ${ptqMethod(s)}`;
const r2Setup = (s: Recipe) =>
  `R2 ${s.r2} λ ${s.r2Weight}, hinge power ${s.r2HingePower}, every weight layer, as ` +
  'implemented here (methods.md §2 is a reconstruction); PTQ of every layer, as the paper: ' +
  ptqMethod(s);
const oscTechnique = (s: Recipe, from = ` from ${s.oscStart * 100} % of the steps`) =>
  s.dampening > 0
    ? `dampening λ 0 → ${s.dampening}${from}`
    : s.freezing === 'on'
      ? `freezing (threshold ${s.freezeThresholdStart} → ${s.freezeThreshold})${from}`
      : 'no dampening or freezing';
const oscSetup = (s: Recipe) =>
  `W${s.wBits} LSQ QAT, first/last layer 8 bit, ${oscTechnique(s)}; ${SCRATCH}; accuracy after ` +
  'BN re-estimation on 50 batches, as [OSC-code] evaluates; frequency: per-layer mean EMA ' +
  'oscillation frequency at the end, averaged over layers';
const lsqSetup = (s: Recipe) =>
  `LSQ+ W${s.wBits}A${s.aBits}, first/last layer 8 bit, MSE init: config 3 (unsigned, learned ` +
  `offset β) vs config 1 (unsigned, symmetric = LSQ); ${SCRATCH}`;

const KURE = {
  source:
    '001_a0f9315307d517aa.txt: Shkolnik, Chmiel et al., “Robust Quantization: One Model to Rule Them All”, NeurIPS 2020',
  arms: ['float', 'kure'],
  setup: kureSetup,
} as const;
const R2 = {
  source:
    '000_2a116c33155c8df1.txt: Kundu et al., “R2 Loss: Range Restriction Loss for Model Compression and Quantization”, arXiv 2303.08253',
  arms: ['float', 'r2'],
  setup: r2Setup,
} as const;
const LSQ_PLUS = {
  source:
    '002_021a37191b2fe763.txt: Bhalgat et al., “LSQ+: Improving low-bit quantization through learnable offsets and better initialization”, CVPR-W 2020',
  arms: ['lsq', 'lsqPlus'],
  setup: lsqSetup,
} as const;
const OSC = {
  source:
    '003_2d6f7b0a5263473b.txt: Nagel, Fournarakis et al., “Overcoming Oscillations in Quantization-Aware Training”, ICML 2022',
  setup: oscSetup,
} as const;
const DAMP = { ...OSC, arms: ['w3', 'damp'] } as const;
const FREEZE = { ...OSC, arms: ['w3', 'freeze'] } as const;

interface ClaimDef {
  id: string;
  claim: string;
  source: string;
  /** Baseline and technique arm (the same arm when one run has both readings). */
  arms: readonly [ArmId, ArmId];
  setup(recipe: Recipe): string;
  measures: Measure[];
}

/* prettier-ignore */
const CLAIM_DEFS: ClaimDef[] = [
  { ...KURE, id: 'kure-kurtosis', measures: [kurtosis],
    claim: 'KURE drives the weight kurtosis to about 1.8 (uniform; a Gaussian has 3); “about” = within ±0.3, averaged over the regularised layers.' },
  { ...KURE, id: 'kure-ptq', measures: [ptqDrop(4), ptqDrop(3)],
    claim: 'KURE makes low-bit PTQ more robust: a smaller accuracy drop at W4 and W3.' },
  { ...R2, id: 'r2-outliers', measures: [outliers],
    claim: 'R2 removes outlier weights: each layer’s range (max|w| / std, averaged over layers) shrinks.' },
  { ...R2, id: 'r2-ptq', measures: [ptqAccuracy(2), ptqAccuracy(4)],
    claim: 'R2 helps ultra-low-bit PTQ: higher W2 and W4 PTQ accuracy.' },
  { ...LSQ_PLUS, id: 'lsqplus-swish', measures: [accuracy],
    claim: 'LSQ+’s learned offset helps asymmetric activations (Swish) at low bits (W4A4).' },
  { ...DAMP, id: 'damp-osc', measures: [frequency],
    claim: 'Oscillation dampening lowers the oscillation frequency of low-bit (W3) weights.' },
  { ...DAMP, id: 'damp-acc', measures: [accuracy],
    claim: 'Oscillation dampening raises low-bit (W3) QAT accuracy.' },
  { ...FREEZE, id: 'freeze-osc', measures: [frequency],
    claim: 'Iterative weight freezing lowers the oscillation frequency of low-bit (W3) weights.' },
  { ...FREEZE, id: 'freeze-acc', measures: [accuracy],
    claim: 'Iterative weight freezing raises low-bit (W3) QAT accuracy.' },
  { ...OSC, arms: ['w3', 'w3'], id: 'bn-reestimate', measures: [bnRecovery],
    claim: 'Re-estimating BN statistics after QAT recovers accuracy (oscillations corrupt them).' },
];

/** Turn a claim's definition into its runs and its judge. */
function defineClaim(def: ClaimDef): Claim {
  const [baseline, treatment] = def.arms;
  const armNames: [string, string] = [ARMS[baseline].name, ARMS[treatment].name];
  return {
    id: def.id,
    claim: def.claim,
    source: def.source,
    runs: (plan) =>
      [...new Set(def.arms)].flatMap((arm) =>
        plan.datasets.flatMap((d) => plan.seeds.map((seed) => armRun(arm, d, seed, plan.quick))),
      ),
    judge(records, plan) {
      const read = (arm: ArmId, d: DatasetName, f: (r: RunRecord) => number) =>
        plan.seeds.map((seed) => {
          const record = records.get(armRun(arm, d, seed, plan.quick).key);
          if (!record) throw new Error(`paper-check: no result for ${arm} ${d} seed ${seed}`);
          return f(record);
        });
      const measures = def.measures.flatMap((m) =>
        plan.datasets.map((dataset) => {
          const [baselineName, treatmentName] = m.names ?? armNames;
          const input = {
            ...{ label: m.label, direction: m.direction, format: m.format, dataset },
            ...{ baselineName, treatmentName },
            baseline: read(baseline, dataset, m.value),
            treatment: read(treatment, dataset, m.treatment ?? m.value),
            resolution: m.resolution(armSettings(treatment, dataset, plan.seeds[0]!, plan.quick)),
          };
          return judgeMeasure(input, plan.quick);
        }),
      );
      const first = armSettings(treatment, plan.datasets[0]!, plan.seeds[0]!, plan.quick);
      const setup = `${describeRecipe(first, plan)}; ${def.setup(first)}`;
      const verdict = combineVerdicts(measures.map((m) => m.verdict));
      const unpairedVerdict = combineVerdicts(measures.map((m) => m.unpaired.verdict));
      const { id, claim, source } = def;
      return { id, claim, source, setup, measures, verdict, unpairedVerdict };
    },
  };
}

/** Every claim, in report order. */
export const CLAIMS: readonly Claim[] = CLAIM_DEFS.map(defineClaim);
