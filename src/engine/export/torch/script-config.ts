import { BIT_WIDTHS, FIRST_LAST_BITS } from '../../../core/quant/bits';
import { DEFAULT_MSE_CANDIDATES } from '../../../core/quant/formulas';
import { SCALE_FLOOR } from '../../../core/quant/scale-floor';
import { KURTOSIS_EPS } from '../../../core/stats/kurtosis-constants';
import { R2_RAMP_FRACTION } from '../../../core/regularizers/r2-schedule';
import type { Recipe } from '../../../settings/schema';
import { encodeRecipe } from '../../../settings/url-codec';
import { BN_EPSILON } from '../../models/layer-constants';
import { SMALL_CNN_DEFAULTS } from '../../models/small-cnn-options';
import { ADAM, SGD_MOMENTUM } from '../../training/optimizer-constants';
import { oscillationConfig } from './py-oscillation';
import { qatConfig } from './py-qat';

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
  return {
    query: encodeRecipe(recipe) || '(all defaults)',
    dataset: recipe.dataset,
    imageSize: data.imageSize,
    numClasses: data.numClasses,
    inChannels: SMALL_CNN_DEFAULTS.inChannels,
    channels: [...SMALL_CNN_DEFAULTS.channels],
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
    qat: qatConfig(recipe),
    oscillation: oscillationConfig(recipe),
    metricsEvery: recipe.metricsEvery,
    evalEvery: recipe.evalEvery,
    testExamples: recipe.testExamples,
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

/** The PTQ sweep's weight quantizer (activations stay in float in this export). */
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
  };
}
