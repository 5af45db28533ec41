import type { Activation } from './activations';
import type { Model } from './model';
import { createMobileNetTiny, MOBILENET_TINY_DEFAULTS } from './mobilenet-tiny';
import { createResNetTiny, RESNET_TINY_DEFAULTS } from './resnet-tiny';
import { createSmallCnn, SMALL_CNN_DEFAULTS } from './small-cnn';

/** The models the lab can train, in the order the UI lists them. */
export const MODEL_NAMES = ['small-cnn', 'mobilenet-tiny', 'resnet-tiny'] as const;

/** Identifier of a model in settings, URLs and configs. */
export type ModelName = (typeof MODEL_NAMES)[number];

/** What every model is built from; the architecture itself is each model's default shape. */
export interface ModelOptions {
  /** Nonlinearity after each conv-BN; ignored unless `MODEL_INFO[name].activationConfigurable`. */
  activation: Activation;
  /** Number of logits (classes), >= 1. */
  numClasses: number;
  /** Fixes the initial weights: the same seed gives identical weights. */
  seed: number;
  /** Input height = width, in pixels, >= 1. Only the small CNN (flatten + dense) depends on it. */
  imageSize: number;
  /** Input channels (1 for MNIST), >= 1. */
  inChannels: number;
}

/** How the UI presents a model. */
export interface ModelInfo {
  /** Name shown in the model picker; equals the built model's `name`. */
  displayName: string;
  /** One line on the architecture and why the lab has it. */
  description: string;
  /** Whether `ModelOptions.activation` applies; the small CNN is fixed to ReLU. */
  activationConfigurable: boolean;
}

/** Display name, description and options per model. Parameter counts are at 28x28x1, 10 classes. */
export const MODEL_INFO: Readonly<Record<ModelName, ModelInfo>> = {
  'small-cnn': {
    displayName: 'Small CNN',
    description:
      'Two conv3x3-BN-ReLU-maxpool blocks and a dense layer (~9k parameters; ReLU only).',
    activationConfigurable: false,
  },
  'mobilenet-tiny': {
    displayName: 'MobileNet-tiny',
    description:
      'Stem and four depthwise-separable blocks (~19k parameters); depthwise layers oscillate most',
    activationConfigurable: true,
  },
  'resnet-tiny': {
    displayName: 'ResNet-tiny',
    description: 'Stem and three basic residual blocks, 16-32-64 channels (~78k parameters).',
    activationConfigurable: true,
  },
};

/** Whether `value` names a model (for decoding settings and configs). */
export function isModelName(value: string): value is ModelName {
  return (MODEL_NAMES as readonly string[]).includes(value);
}

const FACTORIES: Readonly<Record<ModelName, (options: ModelOptions) => Model>> = {
  // The small CNN predates activation choice and stays ReLU, as its description says.
  'small-cnn': ({ numClasses, seed, imageSize, inChannels }) =>
    createSmallCnn({ ...SMALL_CNN_DEFAULTS, numClasses, seed, imageSize, inChannels }),
  'mobilenet-tiny': (options) => createMobileNetTiny({ ...MOBILENET_TINY_DEFAULTS, ...options }),
  'resnet-tiny': (options) => createResNetTiny({ ...RESNET_TINY_DEFAULTS, ...options }),
};

/**
 * A freshly initialised model `name` in its default shape, sized for `options`' images and
 * classes. Throws a RangeError for an unknown name or non-positive sizes, before allocating.
 */
export function createModel(name: ModelName, options: ModelOptions): Model {
  if (!isModelName(name)) throw new RangeError(`Unknown model '${String(name)}'`);
  for (const key of ['numClasses', 'imageSize', 'inChannels'] as const) {
    const value = options[key];
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(`${key} must be a positive integer, got ${value}`);
    }
  }
  return FACTORIES[name](options);
}
