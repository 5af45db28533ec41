/**
 * The one table of user settings. It drives the URL codec, the store's defaults and the
 * controls' labels and ranges, so a new setting is added here and nowhere else.
 */

/** A numeric setting, clamped into [min, max] (and rounded when `integer`). */
export interface NumberSpec {
  kind: 'number';
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
  /** Short name of the URL query parameter. */
  param: string;
  label: string;
  default: T;
  options: readonly { value: T; label: string }[];
}

export const SETTINGS = {
  dataset: {
    param: 'data',
    kind: 'enum',
    label: 'Data set',
    default: 'mnist',
    options: [
      { value: 'mnist', label: 'MNIST digits' },
      { value: 'fashion-mnist', label: 'Fashion-MNIST' },
    ],
  },
  backend: {
    param: 'backend',
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
  optimizer: {
    param: 'opt',
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
    kind: 'number',
    label: 'Learning rate',
    default: 0.003,
    min: 1e-5,
    max: 10,
    step: 1e-5,
    log: true,
  },
  batchSize: {
    param: 'bs',
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
    kind: 'number',
    label: 'Read metrics every',
    default: 10,
    min: 1,
    max: 1000,
    step: 1,
    integer: true,
    unit: 'steps',
  },
  evalEvery: {
    param: 'eval',
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
    kind: 'number',
    label: 'Test images evaluated',
    default: 2000,
    min: 100,
    max: 10_000,
    step: 100,
    integer: true,
    unit: 'images',
  },
} as const satisfies Record<string, NumberSpec | EnumSpec>;

export type SettingKey = keyof typeof SETTINGS;

type ValueOf<S> = S extends { kind: 'enum'; options: readonly { value: infer V }[] } ? V : number;

/** The whole recipe a user sets: every key of {@link SETTINGS} with its value type. */
export type Settings = { -readonly [K in SettingKey]: ValueOf<(typeof SETTINGS)[K]> };

/** Every setting at its default. */
export function defaultSettings(): Settings {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(SETTINGS)) out[key] = spec.default;
  return out as Settings;
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
export function sameSettings(a: Settings, b: Settings): boolean {
  return SETTING_KEYS.every((key) => a[key] === b[key]);
}
