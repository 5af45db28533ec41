import { activationBits, BIT_WIDTHS, FIRST_LAST_BITS } from '../../../core/quant/bits';
import { DEFAULT_MSE_CANDIDATES } from '../../../core/quant/formulas';
import { SCALE_FLOOR } from '../../../core/quant/scale-floor';
import { KURTOSIS_EPS } from '../../../core/stats/kurtosis-constants';
import { R2_RAMP_FRACTION } from '../../../core/regularizers/r2-schedule';
import { pretrainRecipe } from '../../../settings/pretrain';
import { SETTINGS, type Recipe } from '../../../settings/schema';
import { encodeRecipe } from '../../../settings/url-codec';
import { BN_EPSILON } from '../../models/layer-constants';
import { MOBILENET_TINY_DEFAULTS } from '../../models/mobilenet-tiny-options';
import { RESNET_TINY_DEFAULTS } from '../../models/resnet-tiny-options';
import { SMALL_CNN_DEFAULTS } from '../../models/small-cnn-options';
import { BN_REESTIMATE_BATCHES, reestimateSeed } from '../../training/bn-reestimate-constants';
import { ADAM, SGD_MOMENTUM } from '../../training/optimizer-constants';
import { CALIBRATION_IMAGES } from '../../training/ptq-constants';
import { oscillationConfig } from './py-oscillation';
import { qatConfig } from './py-qat';

/** The lab's models, in the order the model menu lists them. */
const MODEL_IDS = SETTINGS.model.options.map((o) => o.value);

/** The image size and class count of the data set (both lab data sets: 28 x 28, 10 classes). */
export interface DataShape {
  imageSize: number;
  numClasses: number;
}

/**
 * Everything train.py reads from its `RECIPE` table: the recipe's own settings and the lab
 * constants that shape them (imported here, so the script states the values the lab uses).
 */
export function scriptConfig(recipe: Recipe, data: DataShape = SMALL_CNN_DEFAULTS) {
  const config = ownConfig(recipe, data);
  return { ...config, pretrain: pretrainConfig(recipe, data, config) };
}

/**
 * Float pretraining (src/settings/pretrain.ts), or null: the entries of the RECIPE table that
 * stage 1's recipe changes (its steps and learning rate, every technique off, no PTQ sweep), so
 * train.py trains stage 1 with them on top of the recipe's own.
 */
function pretrainConfig(recipe: Recipe, data: DataShape, own: ReturnType<typeof ownConfig>) {
  if (recipe.pretrainSteps === 0) return null;
  const stage = ownConfig(pretrainRecipe(recipe), data);
  const keys = (Object.keys(stage) as (keyof typeof stage)[]).filter(
    (key) => key !== 'query' && JSON.stringify(stage[key]) !== JSON.stringify(own[key]),
  );
  const overrides = Object.fromEntries(keys.map((key) => [key, stage[key]]));
  return { steps: recipe.pretrainSteps, overrides };
}

/** The RECIPE table of one stage: `recipe`'s own settings and the lab constants. */
function ownConfig(recipe: Recipe, data: DataShape) {
  return {
    query: encodeRecipe(recipe) || '(all defaults)',
    dataset: recipe.dataset,
    imageSize: data.imageSize,
    numClasses: data.numClasses,
    inChannels: SMALL_CNN_DEFAULTS.inChannels,
    channels: [...SMALL_CNN_DEFAULTS.channels],
    model: modelConfig(recipe.model, recipe.activation),
    labModels: Object.fromEntries(
      MODEL_IDS.map((id) => [id, modelConfig(id, recipe.activation)] as const),
    ),
    seed: recipe.seed,
    steps: recipe.steps,
    batchSize: recipe.batchSize,
    optimizer: recipe.optimizer,
    learningRate: recipe.learningRate,
    lrSchedule: recipe.lrSchedule,
    warmupSteps: recipe.warmupSteps,
    adam: { ...ADAM },
    sgdMomentum: SGD_MOMENTUM,
    bnMomentum: recipe.bnMomentum,
    bnEpsilon: BN_EPSILON,
    kurtosisEps: KURTOSIS_EPS,
    r2: recipe.r2 === 'off' ? null : r2Config(recipe),
    kure:
      recipe.kure === 'off'
        ? null
        : { weight: recipe.kureWeight, target: recipe.kureTarget, layers: recipe.kureLayers },
    ptq: ptqConfig(recipe),
    bnReestimate:
      recipe.bnReestimate === 'on'
        ? { batches: BN_REESTIMATE_BATCHES, seed: reestimateSeed(recipe.seed) }
        : null,
    qat: qatConfig(recipe),
    oscillation: oscillationConfig(recipe),
    metricsEvery: recipe.metricsEvery,
    evalEvery: recipe.evalEvery,
    testExamples: recipe.testExamples,
  };
}

/**
 * The recipe's model (src/engine/models/registry.ts): its name, nonlinearity (the small CNN is
 * ReLU only) and, for MobileNet-tiny and ResNet-tiny, their default shape.
 */
function modelConfig(model: Recipe['model'], activation: Recipe['activation']) {
  if (model === 'small-cnn') return { name: model, activation: 'relu' };
  const shape = model === 'mobilenet-tiny' ? MOBILENET_TINY_DEFAULTS : RESNET_TINY_DEFAULTS;
  return {
    name: model,
    activation,
    stemChannels: shape.stemChannels,
    stemStride: shape.stemStride,
    blocks: shape.blocks.map((b) => ({ ...b })),
  };
}

function r2Config(recipe: Recipe) {
  return {
    variant: recipe.r2,
    weight: recipe.r2Weight,
    hingePower: recipe.r2HingePower,
    initTemperature: recipe.r2InitTemperature,
    rampFraction: R2_RAMP_FRACTION,
  };
}

/** The PTQ sweep's quantizer: weights, and activations at actBits (null: float). */
function ptqConfig(recipe: Recipe) {
  return {
    atEnd: recipe.ptqAtEnd === 'on',
    every: recipe.ptqEvery,
    scheme: recipe.ptqScheme,
    granularity: recipe.ptqGranularity,
    range: recipe.ptqRange,
    firstLast8: recipe.firstLast8 === 'on',
    firstLastBits: FIRST_LAST_BITS,
    bitWidths: [...BIT_WIDTHS],
    mseCandidates: DEFAULT_MSE_CANDIDATES,
    scaleFloor: SCALE_FLOOR,
    actBits: activationBits(recipe.ptqActBits),
    calibrationImages: CALIBRATION_IMAGES,
  };
}
