/**
 * The one table of user settings. It drives the URL codec, the store's defaults and the
 * controls' labels and ranges, so a new setting is added here and nowhere else.
 */

/** A numeric setting, clamped into [min, max] (and rounded when `integer`). */
/** The panels settings are grouped in, in display order (as the papers group them). */
export const SETTING_GROUPS = {
  data: 'Data and model',
  training: 'Training',
  regularizers: 'Float training: R2 and KURE',
  qat: 'Quantization-aware training',
  oscillations: 'Oscillations and BN',
  ptq: 'Post-training quantization sweep',
  metrics: 'Metrics cadence',
} as const;
export type SettingGroup = keyof typeof SETTING_GROUPS;

export interface NumberSpec {
  kind: 'number';
  /** Panel the control appears in. */
  group: SettingGroup;
  /** Short name of the URL query parameter. */
  param: string;
  label: string;
  default: number;
  min: number;
  max: number;
  step: number;
  integer?: boolean;
  /** Short unit or hint shown next to the control. */
  unit?: string;
  /** Shown on a logarithmic slider when true. */
  log?: boolean;
}

/** A setting that takes one of a fixed list of values. */
export interface EnumSpec<T extends string = string> {
  kind: 'enum';
  /** Panel the control appears in. */
  group: SettingGroup;
  /** Short name of the URL query parameter. */
  param: string;
  label: string;
  default: T;
  options: readonly { value: T; label: string }[];
}

const ONOFF = [
  { value: 'off', label: 'Off' },
  { value: 'on', label: 'On' },
] as const;

export const SETTINGS = {
  dataset: {
    param: 'data',
    group: 'data',
    kind: 'enum',
    label: 'Data set',
    default: 'mnist',
    options: [
      { value: 'mnist', label: 'MNIST digits' },
      { value: 'fashion-mnist', label: 'Fashion-MNIST' },
    ],
  },
  model: {
    param: 'model',
    group: 'data',
    kind: 'enum',
    label: 'Model',
    default: 'small-cnn',
    options: [
      { value: 'small-cnn', label: 'Small CNN (9k params)' },
      { value: 'mobilenet-tiny', label: 'MobileNet-tiny (depthwise, 19k)' },
      { value: 'resnet-tiny', label: 'ResNet-tiny (residual, 78k)' },
    ],
  },
  activation: {
    param: 'act',
    group: 'data',
    kind: 'enum',
    label: 'Activation (MobileNet/ResNet)',
    default: 'relu',
    options: [
      { value: 'relu', label: 'ReLU' },
      { value: 'relu6', label: 'ReLU6' },
      { value: 'swish', label: 'Swish' },
    ],
  },
  backend: {
    param: 'backend',
    group: 'data',
    kind: 'enum',
    label: 'Backend',
    default: 'auto',
    options: [
      { value: 'auto', label: 'Auto (WebGPU, WebGL, CPU)' },
      { value: 'webgpu', label: 'WebGPU' },
      { value: 'webgl', label: 'WebGL' },
      { value: 'cpu', label: 'CPU' },
    ],
  },
  init: {
    param: 'init',
    group: 'training',
    kind: 'enum',
    label: 'Start from',
    default: 'scratch',
    options: [
      { value: 'scratch', label: 'Fresh weights (seeded)' },
      { value: 'previous', label: 'The previous run’s weights (e.g. QAT after float)' },
    ],
  },
  optimizer: {
    param: 'opt',
    group: 'training',
    kind: 'enum',
    label: 'Optimizer',
    default: 'adam',
    options: [
      { value: 'adam', label: 'Adam' },
      { value: 'momentum', label: 'SGD + momentum 0.9' },
    ],
  },
  learningRate: {
    param: 'lr',
    group: 'training',
    kind: 'number',
    label: 'Learning rate',
    // With cosine decay and warm-up, the default small CNN passes 97 % MNIST test accuracy
    // before 600 steps on 2 of 3 seeds (docs/performance.md).
    default: 0.01,
    min: 1e-5,
    max: 10,
    step: 1e-5,
    log: true,
  },
  lrSchedule: {
    param: 'sched',
    group: 'training',
    kind: 'enum',
    label: 'Learning-rate schedule',
    default: 'cosine',
    options: [
      { value: 'constant', label: 'Constant' },
      { value: 'cosine', label: 'Cosine to 0' },
      { value: 'step', label: 'Step (÷10 at 50 % and 75 %)' },
    ],
  },
  warmupSteps: {
    param: 'warmup',
    group: 'training',
    kind: 'number',
    label: 'Warm-up',
    default: 30,
    min: 0,
    max: 10_000,
    step: 1,
    integer: true,
    unit: 'steps, linear from 0',
  },
  batchSize: {
    param: 'bs',
    group: 'training',
    kind: 'number',
    label: 'Batch size',
    default: 64,
    min: 1,
    max: 512,
    step: 1,
    integer: true,
  },
  steps: {
    param: 'steps',
    group: 'training',
    kind: 'number',
    label: 'Steps',
    default: 600,
    min: 1,
    max: 100_000,
    step: 1,
    integer: true,
  },
  seed: {
    param: 'seed',
    group: 'training',
    kind: 'number',
    label: 'Seed',
    default: 1,
    min: 0,
    max: 2 ** 31 - 1,
    step: 1,
    integer: true,
  },
  metricsEvery: {
    param: 'every',
    group: 'metrics',
    kind: 'number',
    label: 'Read metrics every',
    default: 10,
    min: 1,
    max: 1000,
    step: 1,
    integer: true,
    unit: 'steps; loss and accuracy also every 0.25 s',
  },
  evalEvery: {
    param: 'eval',
    group: 'metrics',
    kind: 'number',
    label: 'Test accuracy every',
    default: 100,
    min: 1,
    max: 10_000,
    step: 1,
    integer: true,
    unit: 'steps',
  },
  testExamples: {
    param: 'test',
    group: 'metrics',
    kind: 'number',
    label: 'Test images evaluated',
    default: 2000,
    min: 100,
    max: 10_000,
    step: 100,
    integer: true,
    unit: 'images',
  },
  r2: {
    param: 'r2',
    group: 'regularizers',
    kind: 'enum',
    label: 'R2 range loss',
    default: 'off',
    options: [
      { value: 'off', label: 'Off' },
      { value: 'linf', label: 'L-inf' },
      { value: 'margin', label: 'Margin' },
      { value: 'soft-min-max', label: 'Soft-min-max' },
    ],
  },
  r2Weight: {
    param: 'r2w',
    group: 'regularizers',
    kind: 'number',
    label: 'R2 weight λ',
    default: 0.01,
    min: 0,
    max: 10,
    step: 1e-4,
    log: true,
  },
  r2HingePower: {
    param: 'r2q',
    group: 'regularizers',
    kind: 'number',
    label: 'R2 Margin hinge power q',
    default: 2,
    min: 1,
    max: 4,
    step: 0.5,
    unit: 'relu(|w| - |M|)^q',
  },
  r2InitTemperature: {
    param: 'r2t',
    group: 'regularizers',
    kind: 'number',
    label: 'R2 Soft-min-max initial temperature t0',
    default: 5,
    min: 0.5,
    max: 50,
    step: 0.5,
    unit: 'a * std(W)',
  },
  kure: {
    param: 'kure',
    group: 'regularizers',
    kind: 'enum',
    label: 'KURE kurtosis loss',
    default: 'off',
    options: ONOFF,
  },
  kureWeight: {
    param: 'kurew',
    group: 'regularizers',
    kind: 'number',
    label: 'KURE weight λ',
    default: 1,
    min: 0,
    max: 10,
    step: 1e-3,
    log: true,
  },
  kureTarget: {
    param: 'kuret',
    group: 'regularizers',
    kind: 'number',
    label: 'KURE target kurtosis',
    default: 1.8,
    min: 1,
    max: 5,
    step: 0.1,
  },
  kureLayers: {
    param: 'kurel',
    group: 'regularizers',
    kind: 'enum',
    label: 'KURE layers',
    default: 'convs-but-first',
    options: [
      { value: 'convs-but-first', label: 'Convs except the first (paper)' },
      { value: 'all-convs', label: 'All convs' },
      { value: 'all', label: 'All weight layers (dense too)' },
    ],
  },
  qat: {
    param: 'qat',
    group: 'qat',
    kind: 'enum',
    label: 'Quantization-aware training',
    default: 'off',
    options: [
      { value: 'off', label: 'Off (float training)' },
      { value: 'lsq', label: 'LSQ (learned step size)' },
      { value: 'lsq+', label: 'LSQ+ (learned step and offset)' },
    ],
  },
  wBits: {
    param: 'wb',
    group: 'qat',
    kind: 'number',
    label: 'QAT weight bits',
    default: 4,
    min: 2,
    max: 8,
    step: 1,
    integer: true,
    unit: 'bits',
  },
  quantLearningRate: {
    param: 'qlr',
    group: 'qat',
    kind: 'number',
    label: 'Quantizer learning rate (s, β)',
    default: 1e-4,
    min: 1e-6,
    max: 0.1,
    step: 1e-6,
    log: true,
    unit: 'own Adam, as [OSC-code] (which uses 1e-5)',
  },
  aBits: {
    param: 'ab',
    group: 'qat',
    kind: 'enum',
    label: 'QAT activation bits',
    default: 'float',
    options: [
      { value: 'float', label: 'Float (A32)' },
      { value: '8', label: '8' },
      { value: '6', label: '6' },
      { value: '5', label: '5' },
      { value: '4', label: '4' },
      { value: '3', label: '3' },
      { value: '2', label: '2' },
    ],
  },
  lsqPlusConfig: {
    param: 'lsqc',
    group: 'qat',
    kind: 'enum',
    label: 'LSQ+ activation configuration',
    default: 'signed-asymmetric',
    options: [
      { value: 'unsigned-symmetric', label: '1: unsigned, symmetric (= LSQ)' },
      { value: 'signed-symmetric', label: '2: signed, symmetric' },
      { value: 'unsigned-asymmetric', label: '3: unsigned, learned offset' },
      { value: 'signed-asymmetric', label: '4: signed, learned offset' },
    ],
  },
  trackOscillations: {
    param: 'osc',
    group: 'oscillations',
    kind: 'enum',
    label: 'Track oscillations (QAT)',
    default: 'on',
    options: ONOFF,
  },
  dampening: {
    param: 'damp',
    group: 'oscillations',
    kind: 'number',
    label: 'Oscillation dampening final λ',
    default: 0,
    min: 0,
    max: 10,
    step: 1e-3,
    unit: '0 = off; cosine ramp from 0 after the start below',
  },
  oscStart: {
    param: 'oscs',
    group: 'oscillations',
    kind: 'number',
    label: 'Dampening and freezing start',
    default: 0.25,
    min: 0,
    max: 0.9,
    step: 0.05,
    unit: 'fraction of the steps (recipe 0.25)',
  },
  freezing: {
    param: 'freeze',
    group: 'oscillations',
    kind: 'enum',
    label: 'Iterative weight freezing',
    default: 'off',
    options: ONOFF,
  },
  freezeThreshold: {
    param: 'fth',
    group: 'oscillations',
    kind: 'number',
    label: 'Freezing threshold, final',
    default: 0.01,
    min: 0.001,
    max: 0.5,
    step: 0.001,
    unit: 'oscillation frequency',
  },
  freezeThresholdStart: {
    param: 'fth0',
    group: 'oscillations',
    kind: 'number',
    label: 'Freezing threshold, at the start',
    default: 0.1,
    min: 0.001,
    max: 0.5,
    step: 0.001,
    unit: 'cosine decay to the final threshold',
  },
  bnReestimate: {
    param: 'bnre',
    group: 'oscillations',
    kind: 'enum',
    label: 'Re-estimate BN statistics when training ends',
    default: 'off',
    options: ONOFF,
  },
  ptqEvery: {
    param: 'ptq',
    group: 'ptq',
    kind: 'number',
    label: 'PTQ sweep W2–W8 every',
    default: 0,
    min: 0,
    max: 100_000,
    step: 1,
    integer: true,
    unit: 'steps, 0 = never',
  },
  ptqAtEnd: {
    param: 'ptqend',
    group: 'ptq',
    kind: 'enum',
    label: 'PTQ sweep when training ends',
    default: 'on',
    options: ONOFF,
  },
  ptqScheme: {
    param: 'ptqs',
    group: 'ptq',
    kind: 'enum',
    label: 'PTQ scheme',
    default: 'symmetric',
    options: [
      { value: 'symmetric', label: 'Symmetric (signed grid)' },
      { value: 'asymmetric', label: 'Asymmetric (affine)' },
    ],
  },
  ptqGranularity: {
    param: 'ptqg',
    group: 'ptq',
    kind: 'enum',
    label: 'PTQ granularity',
    default: 'per-channel',
    options: [
      { value: 'per-channel', label: 'Per channel' },
      { value: 'per-tensor', label: 'Per tensor' },
    ],
  },
  ptqRange: {
    param: 'ptqr',
    group: 'ptq',
    kind: 'enum',
    label: 'PTQ range',
    default: 'mse',
    options: [
      { value: 'mse', label: 'MSE search (K = 100)' },
      { value: 'min-max', label: 'Min-max' },
    ],
  },
  ptqActBits: {
    param: 'ptqa',
    group: 'ptq',
    kind: 'enum',
    label: 'PTQ activation bits',
    default: 'float',
    options: [
      { value: 'float', label: 'Float (A32)' },
      { value: '8', label: '8 bit' },
      { value: '6', label: '6 bit' },
      { value: '4', label: '4 bit' },
    ],
  },
  firstLast8: {
    param: 'fl8',
    group: 'qat',
    kind: 'enum',
    label: 'First/last layer at 8 bit',
    default: 'off',
    options: ONOFF,
  },
  histLayer: {
    param: 'hl',
    group: 'metrics',
    kind: 'number',
    label: 'Histogram layer',
    default: 1,
    min: 0,
    max: 63,
    step: 1,
    integer: true,
    unit: 'index in forward order, 0 = first',
  },
  histBits: {
    param: 'hb',
    group: 'metrics',
    kind: 'number',
    label: 'Histogram grid bits',
    default: 4,
    min: 2,
    max: 8,
    step: 1,
    integer: true,
    unit: 'bits',
  },
} as const satisfies Record<string, NumberSpec | EnumSpec>;

export type SettingKey = keyof typeof SETTINGS;

type ValueOf<S> = S extends { kind: 'enum'; options: readonly { value: infer V }[] } ? V : number;

/** The whole recipe a user sets: every key of {@link SETTINGS} with its value type. */
export type Recipe = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

/** Every setting at its default. */
export function defaultRecipe(): Recipe {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS)) out[key] = spec.default;
  return out as Recipe;
}

/** All keys in table order. */
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[];

/** Clamp a number into a numeric spec's range (NaN falls back to the default). */
export function clampNumber(spec: NumberSpec, value: number): number {
  if (!Number.isFinite(value)) return spec.default;
  const v = spec.integer ? Math.round(value) : value;
  return Math.min(spec.max, Math.max(spec.min, v));
}

/** Whether two recipes are identical in every setting. */
export function sameRecipe(a: Recipe, b: Recipe): boolean {
  return SETTING_KEYS.every((key) => a[key] === b[key]);
}
