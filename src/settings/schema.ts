/**
 * The one table of user settings. It drives the URL codec, the store's defaults and the
 * controls' labels and ranges, so a new setting is added here and nowhere else.
 */
import { MAX_BITS, MIN_BITS, assertBits } from '../core/quant/bits';

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

/** A numeric setting, clamped into [min, max] (and rounded when `integer`). */
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

/** Any one setting's spec. */
export type SettingSpec = NumberSpec | EnumSpec;

/** A number spec's range and hints: everything but its kind, parameter, group and label. */
type NumberRange = Omit<NumberSpec, 'kind' | 'param' | 'group' | 'label'>;

interface Option {
  readonly value: string;
  readonly label: string;
}

/** A setting with a fixed list of options; `const` keeps their values literal for `Recipe`. */
function choice<const O extends readonly Option[]>(
  param: string,
  group: SettingGroup,
  label: string,
  defaultValue: O[number]['value'],
  options: O,
) {
  return { kind: 'enum', param, group, label, default: defaultValue, options } as const;
}

const ONOFF = [
  { value: 'off', label: 'Off' },
  { value: 'on', label: 'On' },
] as const;

/** A switch: off or on. */
function onOff(param: string, group: SettingGroup, label: string, defaultValue: 'off' | 'on') {
  return choice(param, group, label, defaultValue, ONOFF);
}

/** A number setting with its range, step and hints. */
function numeric(param: string, group: SettingGroup, label: string, range: NumberRange) {
  return { kind: 'number', param, group, label, ...range } as const satisfies NumberSpec;
}

/** A whole-number setting, in steps of 1 unless `step` says otherwise. */
function whole(
  param: string,
  group: SettingGroup,
  label: string,
  range: Omit<NumberRange, 'integer' | 'step'> & { step?: number },
) {
  return numeric(param, group, label, { step: 1, ...range, integer: true });
}

/** A weight bit width, over the lab's bit range (core/quant/bits.ts). */
function bitsSetting(param: string, group: SettingGroup, label: string, defaultBits: number) {
  return whole(param, group, label, {
    default: defaultBits,
    min: MIN_BITS,
    max: MAX_BITS,
    unit: 'bits',
  });
}

/**
 * Activation-bit options: float first, then each width as text (the form `activationBits`
 * parses), each checked against the lab's bit range when the table loads.
 */
function activationBitsOptions<const W extends readonly number[]>(widths: W, unit: string) {
  widths.forEach((bits) => assertBits(bits));
  const asText = (bits: W[number]) => ({ value: `${bits}` as const, label: `${bits}${unit}` });
  return [{ value: 'float', label: 'Float (A32)' }, ...widths.map(asText)] as const;
}

const QAT_ACTIVATION_BITS = activationBitsOptions([8, 6, 5, 4, 3, 2], '');
const PTQ_ACTIVATION_BITS = activationBitsOptions([8, 6, 4], ' bit');

export const SETTINGS = {
  dataset: choice('data', 'data', 'Data set', 'mnist', [
    { value: 'mnist', label: 'MNIST digits' },
    { value: 'fashion-mnist', label: 'Fashion-MNIST' },
  ]),
  model: choice('model', 'data', 'Model', 'small-cnn', [
    { value: 'small-cnn', label: 'Small CNN (9k params)' },
    { value: 'mobilenet-tiny', label: 'MobileNet-tiny (depthwise, 19k)' },
    { value: 'resnet-tiny', label: 'ResNet-tiny (residual, 78k)' },
  ]),
  activation: choice('act', 'data', 'Activation (MobileNet/ResNet)', 'relu', [
    { value: 'relu', label: 'ReLU' },
    { value: 'relu6', label: 'ReLU6' },
    { value: 'swish', label: 'Swish' },
  ]),
  backend: choice('backend', 'data', 'Backend', 'auto', [
    { value: 'auto', label: 'Auto (WebGPU, WebGL, CPU)' },
    { value: 'webgpu', label: 'WebGPU' },
    { value: 'webgl', label: 'WebGL' },
    { value: 'cpu', label: 'CPU' },
  ]),
  init: choice('init', 'training', 'Start from', 'scratch', [
    { value: 'scratch', label: 'Fresh weights (seeded)' },
    { value: 'previous', label: 'The previous run’s weights (e.g. QAT after float)' },
  ]),
  optimizer: choice('opt', 'training', 'Optimizer', 'adam', [
    { value: 'adam', label: 'Adam' },
    { value: 'momentum', label: 'SGD + momentum 0.9' },
  ]),
  // With cosine decay and warm-up, the default small CNN passes 97 % MNIST test accuracy
  // before 600 steps on 2 of 3 seeds (docs/performance.md).
  learningRate: numeric('lr', 'training', 'Learning rate', {
    default: 0.01,
    min: 1e-5,
    max: 10,
    step: 1e-5,
    log: true,
  }),
  lrSchedule: choice('sched', 'training', 'Learning-rate schedule', 'cosine', [
    { value: 'constant', label: 'Constant' },
    { value: 'cosine', label: 'Cosine to 0' },
    { value: 'step', label: 'Step (÷10 at 50 % and 75 %)' },
  ]),
  warmupSteps: whole('warmup', 'training', 'Warm-up', {
    default: 30,
    min: 0,
    max: 10_000,
    unit: 'steps, linear from 0',
  }),
  // Two phases in one run: float training first, then this recipe continues from its weights
  // with its own learning rate and schedule (the papers' "pretrain, then fine-tune").
  pretrainSteps: whole('pre', 'training', 'Float pretraining first', {
    default: 0,
    min: 0,
    max: 100_000,
    unit: 'steps, 0 = none; the run then fine-tunes from its weights',
  }),
  pretrainLearningRate: numeric('prelr', 'training', 'Pretraining learning rate', {
    default: 0.003,
    min: 1e-5,
    max: 10,
    step: 1e-5,
    log: true,
    unit: 'same optimizer, schedule and batch size as the run',
  }),
  batchSize: whole('bs', 'training', 'Batch size', { default: 64, min: 1, max: 512 }),
  steps: whole('steps', 'training', 'Steps', { default: 600, min: 1, max: 100_000 }),
  seed: whole('seed', 'training', 'Seed', { default: 1, min: 0, max: 2 ** 31 - 1 }),
  metricsEvery: whole('every', 'metrics', 'Read metrics every', {
    default: 10,
    min: 1,
    max: 1000,
    unit: 'steps; loss and accuracy also every 0.25 s',
  }),
  evalEvery: whole('eval', 'metrics', 'Test accuracy every', {
    default: 100,
    min: 1,
    max: 10_000,
    unit: 'steps',
  }),
  testExamples: whole('test', 'metrics', 'Test images evaluated', {
    default: 2000,
    min: 100,
    max: 10_000,
    step: 100,
    unit: 'images',
  }),
  r2: choice('r2', 'regularizers', 'R2 range loss', 'off', [
    { value: 'off', label: 'Off' },
    { value: 'linf', label: 'L-inf' },
    { value: 'margin', label: 'Margin' },
    { value: 'soft-min-max', label: 'Soft-min-max' },
  ]),
  r2Weight: numeric('r2w', 'regularizers', 'R2 weight λ', {
    default: 0.01,
    min: 0,
    max: 10,
    step: 1e-4,
    log: true,
  }),
  r2HingePower: numeric('r2q', 'regularizers', 'R2 Margin hinge power q', {
    default: 2,
    min: 1,
    max: 4,
    step: 0.5,
    unit: 'relu(|w| - |M|)^q',
  }),
  r2InitTemperature: numeric('r2t', 'regularizers', 'R2 Soft-min-max initial temperature t0', {
    default: 5,
    min: 0.5,
    max: 50,
    step: 0.5,
    unit: 'a * std(W)',
  }),
  kure: onOff('kure', 'regularizers', 'KURE kurtosis loss', 'off'),
  kureWeight: numeric('kurew', 'regularizers', 'KURE weight λ', {
    default: 1,
    min: 0,
    max: 10,
    step: 1e-3,
    log: true,
  }),
  kureTarget: numeric('kuret', 'regularizers', 'KURE target kurtosis', {
    default: 1.8,
    min: 1,
    max: 5,
    step: 0.1,
  }),
  kureLayers: choice('kurel', 'regularizers', 'KURE layers', 'convs-but-first', [
    { value: 'convs-but-first', label: 'Convs except the first (paper)' },
    { value: 'all-convs', label: 'All convs' },
    { value: 'all', label: 'All weight layers (dense too)' },
  ]),
  qat: choice('qat', 'qat', 'Quantization-aware training', 'off', [
    { value: 'off', label: 'Off (float training)' },
    { value: 'lsq', label: 'LSQ (learned step size)' },
    { value: 'lsq+', label: 'LSQ+ (learned step and offset)' },
  ]),
  wBits: bitsSetting('wb', 'qat', 'QAT weight bits', 4),
  quantLearningRate: numeric('qlr', 'qat', 'Quantizer learning rate (s, β)', {
    default: 1e-4,
    min: 1e-6,
    max: 0.1,
    step: 1e-6,
    log: true,
    unit: 'own Adam, as [OSC-code] (which uses 1e-5)',
  }),
  aBits: choice('ab', 'qat', 'QAT activation bits', 'float', QAT_ACTIVATION_BITS),
  lsqPlusConfig: choice('lsqc', 'qat', 'LSQ+ activation configuration', 'signed-asymmetric', [
    { value: 'unsigned-symmetric', label: '1: unsigned, symmetric (= LSQ)' },
    { value: 'signed-symmetric', label: '2: signed, symmetric' },
    { value: 'unsigned-asymmetric', label: '3: unsigned, learned offset' },
    { value: 'signed-asymmetric', label: '4: signed, learned offset' },
  ]),
  trackOscillations: onOff('osc', 'oscillations', 'Track oscillations (QAT)', 'on'),
  dampening: numeric('damp', 'oscillations', 'Oscillation dampening final λ', {
    default: 0,
    min: 0,
    max: 10,
    step: 1e-3,
    unit: '0 = off; cosine ramp from 0 after the start below',
  }),
  oscStart: numeric('oscs', 'oscillations', 'Dampening and freezing start', {
    default: 0.25,
    min: 0,
    max: 0.9,
    step: 0.05,
    unit: 'fraction of the steps (recipe 0.25)',
  }),
  oscMomentum: numeric('oscm', 'oscillations', 'Oscillation frequency EMA momentum m', {
    default: 0.001,
    min: 1e-4,
    max: 0.5,
    step: 1e-4,
    log: true,
    unit: 'memory ≈ 1/m steps; [OSC-code] 0.001, 2–3x below the freezing threshold',
  }),
  freezing: onOff('freeze', 'oscillations', 'Iterative weight freezing', 'off'),
  freezeThreshold: numeric('fth', 'oscillations', 'Freezing threshold, final', {
    default: 0.01,
    min: 0.001,
    max: 0.5,
    step: 0.001,
    unit: 'oscillation frequency',
  }),
  freezeThresholdStart: numeric('fth0', 'oscillations', 'Freezing threshold, at the start', {
    default: 0.1,
    min: 0.001,
    max: 0.5,
    step: 0.001,
    unit: 'cosine decay to the final threshold',
  }),
  bnReestimate: onOff(
    'bnre',
    'oscillations',
    'Re-estimate BN statistics when training ends',
    'off',
  ),
  bnMomentum: numeric('bnm', 'oscillations', 'BN running-statistics momentum', {
    default: 0.9,
    min: 0.5,
    max: 0.999,
    step: 0.001,
    unit: 'r ← m r + (1 − m) batch; PyTorch’s momentum=0.1 is m = 0.9, Keras 0.99',
  }),
  ptqEvery: whole('ptq', 'ptq', 'PTQ sweep W2–W8 every', {
    default: 0,
    min: 0,
    max: 100_000,
    unit: 'steps, 0 = never',
  }),
  ptqAtEnd: onOff('ptqend', 'ptq', 'PTQ sweep when training ends', 'on'),
  ptqScheme: choice('ptqs', 'ptq', 'PTQ scheme', 'symmetric', [
    { value: 'symmetric', label: 'Symmetric (signed grid)' },
    { value: 'asymmetric', label: 'Asymmetric (affine)' },
  ]),
  ptqGranularity: choice('ptqg', 'ptq', 'PTQ granularity', 'per-channel', [
    { value: 'per-channel', label: 'Per channel' },
    { value: 'per-tensor', label: 'Per tensor' },
  ]),
  ptqRange: choice('ptqr', 'ptq', 'PTQ range', 'mse', [
    { value: 'mse', label: 'MSE search (K = 100)' },
    { value: 'min-max', label: 'Min-max' },
  ]),
  ptqActBits: choice('ptqa', 'ptq', 'PTQ activation bits', 'float', PTQ_ACTIVATION_BITS),
  firstLast8: onOff('fl8', 'qat', 'First/last layer at 8 bit', 'off'),
  histLayer: whole('hl', 'metrics', 'Histogram layer', {
    default: 1,
    min: 0,
    max: 63,
    unit: 'index in forward order, 0 = first',
  }),
  histBits: bitsSetting('hb', 'metrics', 'Histogram grid bits', 4),
} as const satisfies Record<string, SettingSpec>;

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

/** Every setting's link parameter, in table order. */
export const SETTING_PARAMS: readonly string[] = SETTING_KEYS.map((key) => SETTINGS[key].param);

const KEY_BY_PARAM: ReadonlyMap<string, SettingKey> = new Map(
  SETTING_KEYS.map((key) => [SETTINGS[key].param, key]),
);

/** The setting a link parameter names (`bs` gives `batchSize`), or undefined for none. */
export function settingKeyOfParam(param: string): SettingKey | undefined {
  return KEY_BY_PARAM.get(param);
}

/** Whether two recipes are identical in every setting. */
export function sameRecipe(a: Recipe, b: Recipe): boolean {
  return SETTING_KEYS.every((key) => a[key] === b[key]);
}
