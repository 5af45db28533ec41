/**
 * One descriptor per technique: the one place that says which settings belong to it, when a
 * recipe has it on, which of its controls do nothing and why, which combinations it refuses, how
 * the A/B twin toggles it, what it reports and the name of its loss term. Availability, recipe
 * validation, the teaching tabs, run names, twin toggles, chart selectors and the engine's
 * technique list are all derived from {@link TECHNIQUES}. Pure: no tfjs, no DOM.
 *
 * Adding a technique: its settings in schema.ts, a descriptor here, its math in src/core and, when
 * it trains, a factory in src/engine/techniques (keyed by the same id, so the compiler asks for
 * it). See src/ARCHITECTURE.md, "How to add a technique".
 */
import type { Recipe, SettingKey } from './schema';

/** Techniques the training loop builds (loss terms, hooks, reports), in the order they apply. */
export const TRAINING_TECHNIQUE_IDS = ['r2', 'kure', 'qat', 'oscillation'] as const;
export type TrainingTechniqueId = (typeof TRAINING_TECHNIQUE_IDS)[number];

/** Every technique, in tab order: the training ones, then the two that act on a trained model. */
export const TECHNIQUE_IDS = [...TRAINING_TECHNIQUE_IDS, 'bn-reestimate', 'ptq'] as const;
export type TechniqueId = (typeof TECHNIQUE_IDS)[number];

/**
 * The per-layer values each training technique reports on the metrics cadence (the protocol's
 * `technique-metrics` event and the charts read these names, typed).
 */
export const REPORT_KEYS = {
  r2: ['margin', 'aRaw'],
  kure: [],
  qat: ['weightStep', 'inputStep', 'inputOffset'],
  oscillation: ['frequency', 'oscillating', 'frozen', 'events'],
} as const satisfies Record<TrainingTechniqueId, readonly string[]>;

/** Techniques that report per-layer values. */
export type ReportingTechniqueId = {
  [Id in TrainingTechniqueId]: (typeof REPORT_KEYS)[Id] extends readonly [] ? never : Id;
}[TrainingTechniqueId];

/** A value technique `Id` reports per layer. */
export type ReportKey<Id extends ReportingTechniqueId> = (typeof REPORT_KEYS)[Id][number];

/** One layer's reported values of technique `Id` (a technique reports only the keys that apply). */
export type ReportValues<Id extends ReportingTechniqueId> = Partial<
  Record<(typeof REPORT_KEYS)[Id][number], number>
>;

/** Loss terms: the task's cross-entropy, then one per technique that adds a term. */
export const LOSS_TERMS = ['task', 'r2', 'kure', 'dampening'] as const;
export type LossTerm = (typeof LOSS_TERMS)[number];

/** One A/B twin switch: its setting and the value B takes when A has it off. */
export interface TwinToggle {
  key: SettingKey;
  label: string;
  /** Value of the switch when off. */
  off: string | number;
  /** Value B takes when A has the technique off (the paper's usual choice). */
  on: string | number;
}

/** Why a control does nothing in a recipe (how to make it matter), or null when it matters. */
export type UnavailableRule = (r: Recipe) => string | null;

export interface TechniqueDescriptor {
  readonly id: TechniqueId;
  /** Short name in run names and labels. */
  readonly label: string;
  /** The settings that belong to this technique (its switch first). */
  readonly settings: readonly SettingKey[];
  /** Whether the recipe has it on, exactly as the engine builds it. */
  isOn(r: Recipe): boolean;
  /** The setting value that picks among the technique's formula variants, when on. */
  variant?(r: Recipe): string;
  /** Its part of a run's one-line name, when on. */
  summary?(r: Recipe): string;
  /** For its settings: why the control does nothing in `r`. */
  readonly unavailable?: Partial<Record<SettingKey, UnavailableRule>>;
  /** Combinations it cannot train, each a sentence that says how to fix it. */
  problems?(r: Recipe): string[];
  /** The switches the A/B twin offers for it. */
  readonly twin?: readonly TwinToggle[];
  /** Name of its loss term, when it adds one. */
  readonly lossTerm?: LossTerm;
}

const QAT_OFF = 'Turn QAT (LSQ or LSQ+) on';
const whenQatOff =
  (what: string): UnavailableRule =>
  (r) =>
    r.qat === 'off' ? `${QAT_OFF} to set ${what}.` : null;
const freezingThreshold: UnavailableRule = (r) => {
  if (r.qat === 'off') return `${QAT_OFF} and freezing on to set the threshold.`;
  return r.freezing === 'off' ? 'Turn freezing on to set its threshold.' : null;
};

/** A regularizer that is on with weight 0 does nothing: say how to fix it. */
const zeroWeightProblem = (name: string, weight: number): string[] =>
  weight === 0
    ? [`${name} is on with weight 0, which does nothing: raise the weight or turn ${name} off.`]
    : [];

const R2: TechniqueDescriptor = {
  id: 'r2',
  label: 'R2',
  settings: ['r2', 'r2Weight', 'r2HingePower', 'r2InitTemperature'],
  isOn: (r) => r.r2 !== 'off',
  variant: (r) => r.r2,
  summary: (r) => `R2 ${r.r2}`,
  unavailable: {
    r2Weight: (r) => (r.r2 === 'off' ? 'Turn R2 on to set its weight.' : null),
    r2HingePower: (r) => (r.r2 !== 'margin' ? 'Choose R2 Margin to set its hinge power.' : null),
    r2InitTemperature: (r) =>
      r.r2 !== 'soft-min-max' ? 'Choose R2 Soft-min-max to set its initial temperature.' : null,
  },
  problems: (r) => (r.r2 !== 'off' ? zeroWeightProblem('R2', r.r2Weight) : []),
  twin: [{ key: 'r2', label: 'R2 range loss (Margin)', off: 'off', on: 'margin' }],
  lossTerm: 'r2',
};

const KURE: TechniqueDescriptor = {
  id: 'kure',
  label: 'KURE',
  settings: ['kure', 'kureWeight', 'kureTarget', 'kureLayers'],
  isOn: (r) => r.kure === 'on',
  summary: () => 'KURE',
  unavailable: {
    kureLayers: (r) => (r.kure === 'off' ? 'Turn KURE on to choose its layers.' : null),
    kureWeight: (r) => (r.kure === 'off' ? 'Turn KURE on to set its weight.' : null),
    kureTarget: (r) => (r.kure === 'off' ? 'Turn KURE on to set its target.' : null),
  },
  problems: (r) => (r.kure === 'on' ? zeroWeightProblem('KURE', r.kureWeight) : []),
  twin: [{ key: 'kure', label: 'KURE', off: 'off', on: 'on' }],
  lossTerm: 'kure',
};

const QAT: TechniqueDescriptor = {
  id: 'qat',
  label: 'QAT',
  settings: ['qat', 'wBits', 'aBits', 'lsqPlusConfig', 'quantLearningRate', 'firstLast8'],
  isOn: (r) => r.qat !== 'off',
  variant: (r) => r.qat,
  summary: (r) => `QAT ${r.qat.toUpperCase()} W${r.wBits}`,
  unavailable: {
    wBits: whenQatOff('the weight bits'),
    aBits: whenQatOff('the activation bits'),
    lsqPlusConfig: (r) => {
      if (r.qat !== 'lsq+')
        return 'Choose LSQ+ (learned step and offset) to set its configuration.';
      if (r.aBits === 'float') return 'Quantize activations (QAT activation bits) to use it.';
      return null;
    },
  },
  twin: [{ key: 'qat', label: 'QAT (LSQ+)', off: 'off', on: 'lsq+' }],
};

/** Tracking, dampening and freezing of oscillating weights in QAT (methods.md 5). */
const OSCILLATION: TechniqueDescriptor = {
  id: 'oscillation',
  label: 'oscillations',
  settings: [
    'trackOscillations',
    'dampening',
    'oscStart',
    'oscMomentum',
    'freezing',
    'freezeThreshold',
    'freezeThresholdStart',
  ],
  isOn: (r) =>
    r.qat !== 'off' && (r.trackOscillations === 'on' || r.dampening > 0 || r.freezing === 'on'),
  unavailable: {
    trackOscillations: whenQatOff('oscillation tracking'),
    dampening: whenQatOff('dampening'),
    freezing: whenQatOff('freezing'),
    oscStart: (r) => {
      if (r.qat === 'off') return `${QAT_OFF} to set when dampening and freezing start.`;
      return r.dampening === 0 && r.freezing === 'off'
        ? 'Set a dampening weight or turn freezing on to choose when they start.'
        : null;
    },
    freezeThresholdStart: freezingThreshold,
    freezeThreshold: freezingThreshold,
    oscMomentum: (r) => {
      if (r.qat === 'off') return `${QAT_OFF} to set the oscillation EMA momentum.`;
      return r.trackOscillations === 'off' && r.freezing === 'off'
        ? 'Track oscillations or turn freezing on to set the EMA momentum.'
        : null;
    },
  },
  problems: oscillationProblems,
  twin: [
    { key: 'dampening', label: 'Oscillation dampening (λ = 2)', off: 0, on: 2 },
    { key: 'freezing', label: 'Iterative weight freezing', off: 'off', on: 'on' },
  ],
  lossTerm: 'dampening',
};

function oscillationProblems(r: Recipe): string[] {
  const problems: string[] = [];
  if (r.qat === 'off' && r.freezing === 'on') {
    problems.push(
      'Weight freezing acts on quantized weights: turn on QAT (LSQ or LSQ+) or turn freezing off.',
    );
  }
  if (r.qat === 'off' && r.dampening > 0) {
    problems.push(
      'Oscillation dampening acts on quantized weights: turn on QAT or set dampening to 0.',
    );
  }
  if (r.qat !== 'off' && r.freezing === 'on' && r.freezeThresholdStart < r.freezeThreshold) {
    problems.push(
      'The freezing threshold decays from its start value to its final value: make the start ' +
        'at least the final threshold.',
    );
  }
  return problems;
}

const BN_REESTIMATE: TechniqueDescriptor = {
  id: 'bn-reestimate',
  label: 'BN re-estimation',
  settings: ['bnReestimate'],
  isOn: (r) => r.bnReestimate === 'on',
  twin: [{ key: 'bnReestimate', label: 'BN re-estimation', off: 'off', on: 'on' }],
};

/** The PTQ sweep W2–W8 (methods.md 1.5): on when a sweep is scheduled. */
const PTQ: TechniqueDescriptor = {
  id: 'ptq',
  label: 'PTQ',
  settings: ['ptqEvery', 'ptqAtEnd', 'ptqScheme', 'ptqGranularity', 'ptqRange', 'ptqActBits'],
  isOn: (r) => r.ptqAtEnd === 'on' || r.ptqEvery > 0,
};

/** Every technique's descriptor, in {@link TECHNIQUE_IDS} order. */
export const TECHNIQUES: readonly TechniqueDescriptor[] = [
  R2,
  KURE,
  QAT,
  OSCILLATION,
  BN_REESTIMATE,
  PTQ,
];

/** The descriptor of each technique, by id. */
export const TECHNIQUE = Object.fromEntries(TECHNIQUES.map((t) => [t.id, t])) as Readonly<
  Record<TechniqueId, TechniqueDescriptor>
>;

/** Whether technique `id` is part of recipe `r`, as the engine builds it. */
export function isTechniqueOn(id: TechniqueId, r: Recipe): boolean {
  return TECHNIQUE[id].isOn(r);
}

/** The setting value that picks among a technique's formula variants (R2 variant, QAT mode), if on. */
export function activeVariant(id: TechniqueId, r: Recipe): string | undefined {
  const technique = TECHNIQUE[id];
  return technique.isOn(r) ? technique.variant?.(r) : undefined;
}

/** The technique a view shows first: the first that is on in `r`, else the first. */
export function firstTechniqueOn(r: Recipe): TechniqueId {
  return TECHNIQUE_IDS.find((id) => isTechniqueOn(id, r)) ?? TECHNIQUE_IDS[0];
}
