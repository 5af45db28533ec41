import * as tf from '@tensorflow/tfjs';
import { assertBits, bitsForLayer } from '../../core/quant/bits';
import { calibrateOnDevice } from '../../core/quant/calibrate';
import { integerCodes } from '../../core/quant/fake-quant';
import { disposeParams, type QuantizerConfig } from '../../core/quant/params';
import type { Recipe } from '../../settings/schema';
import { modelVariables } from '../models/copy-weights';
import type { Model, WeightLayer } from '../models/model';
import { foldFactor, quantizeFolded } from '../training/bn-fold';
import type { QuantizedLayer, WeightsEvent } from './weights-schema';

/** The PTQ settings of a run that decide the integer grid of an export. */
export type ExportQuantSettings = Pick<
  Recipe,
  'ptqScheme' | 'ptqGranularity' | 'ptqRange' | 'firstLast8'
>;

/**
 * Export `model`'s weights after `step` steps (methods.md 1.1, 1.5, 1.6): every variable in
 * tfjs's io format, and every kernel BN-folded and quantized to `bits` with the run's PTQ
 * settings, exactly as the PTQ sweep quantizes it (one definition: `quantizeFolded` and
 * `calibrateOnDevice`). Reads the device asynchronously only; no tensor outlives the call.
 * Throws a QuantError for a bit width outside 2..8.
 */
export async function exportWeights(
  model: Model,
  recipe: ExportQuantSettings,
  bits: number,
  step: number,
): Promise<WeightsEvent> {
  assertBits(bits);
  const fp32 = await floatWeights(model);
  const count = model.layers.length;
  const firstLast8 = recipe.firstLast8 === 'on';
  const layers: QuantizedLayer[] = [];
  for (const layer of model.layers) {
    layers.push(await quantizeLayer(layer, bitsForLayer(layer, count, bits, firstLast8), recipe));
  }
  return {
    type: 'weights',
    step,
    model: model.name,
    bits,
    fp32,
    quantized: { method: exportMethod(recipe, bits), layers },
  };
}

/** Plain-words description of the export's quantizer. */
export function exportMethod(recipe: ExportQuantSettings, bits: number): string {
  const range = recipe.ptqRange === 'mse' ? 'MSE range search' : 'min-max range';
  const edges = recipe.firstLast8 === 'on' ? ', first/last layer at 8 bit' : '';
  return (
    `W${bits} ${recipe.ptqGranularity} ${recipe.ptqScheme}, ${range}, BN folded, ` +
    `biases FP32${edges}; x = scale * (code - zeroPoint)`
  );
}

/** Every variable of the model (trainables, then BN running statistics) in tfjs's io format. */
async function floatWeights(model: Model): Promise<WeightsEvent['fp32']> {
  const names = variableNames(model);
  const used = new Set<string>();
  const named = modelVariables(model).map((tensor, i) => {
    let name = names.get(tensor) ?? `variable_${i}`;
    if (used.has(name)) name = `${name}_${i}`;
    used.add(name);
    return { name, tensor };
  });
  const { data, specs } = await tf.io.encodeWeights(named);
  const weightSpecs = specs.map((spec) => {
    if (spec.dtype !== 'float32') throw new Error(`weight ${spec.name} is ${spec.dtype}`);
    return { name: spec.name, shape: [...spec.shape], dtype: 'float32' as const };
  });
  return { weightSpecs, weightData: bytesToBase64(new Uint8Array(data)) };
}

/** Readable names: 'conv1/kernel', 'dense/bias', 'conv1/bn/moving_mean'… */
function variableNames(model: Model): Map<tf.Variable, string> {
  const names = new Map<tf.Variable, string>();
  for (const layer of model.layers) {
    names.set(layer.kernel, `${layer.name}/kernel`);
    if (layer.bias) names.set(layer.bias, `${layer.name}/bias`);
    const bn = layer.bn;
    if (!bn) continue;
    names.set(bn.gamma, `${bn.name}/gamma`);
    names.set(bn.beta, `${bn.name}/beta`);
    names.set(bn.movingMean, `${bn.name}/moving_mean`);
    names.set(bn.movingVariance, `${bn.name}/moving_variance`);
  }
  return names;
}

interface Captured {
  codes: tf.Tensor;
  scale: tf.Tensor;
  zeroPoint: tf.Tensor;
  grid: { n: number; p: number };
}

/**
 * The layer's BN-folded kernel W * g on its grid. `quantizeFolded` (the PTQ sweep's folding)
 * hands the folded kernel to the callback, which calibrates it and keeps its codes; the
 * de-folded kernel it returns is not needed.
 */
async function quantizeLayer(
  layer: WeightLayer,
  bits: number,
  recipe: ExportQuantSettings,
): Promise<QuantizedLayer> {
  const quantizer: QuantizerConfig = {
    bits,
    scheme: recipe.ptqScheme,
    granularity: recipe.ptqGranularity,
    kind: layer.kind,
    range: recipe.ptqRange,
  };
  const slot: { value?: Captured } = {};
  const unused = quantizeFolded(layer, (folded) => {
    const params = calibrateOnDevice(folded, quantizer);
    try {
      slot.value = {
        codes: tf.keep(integerCodes(folded, params)),
        scale: tf.keep(params.scale.clone()),
        zeroPoint: tf.keep(tf.cast(params.zeroPoint, 'int32')),
        grid: params.grid,
      };
    } finally {
      disposeParams(params);
    }
    return tf.clone(folded);
  });
  unused.dispose();
  if (!slot.value) throw new Error(`layer ${layer.name} was not quantized`);
  const { codes, scale, zeroPoint, grid } = slot.value;
  try {
    return {
      name: layer.name,
      kind: layer.kind,
      bits,
      n: grid.n,
      p: grid.p,
      shape: [...layer.kernel.shape],
      codes: Array.from(await codes.data()),
      scaleShape: [...scale.shape],
      scales: Array.from(await scale.data()),
      zeroPoints: Array.from(await zeroPoint.data()),
      bias: await deployBias(layer),
    };
  } finally {
    tf.dispose([codes, scale, zeroPoint]);
  }
}

/** Bias of the deploy model: beta + (b - movingMean) * g with BN (b = 0 without a bias), else b. */
async function deployBias(layer: WeightLayer): Promise<number[] | null> {
  const bn = layer.bn;
  const g = foldFactor(layer);
  if (!bn || !g) return layer.bias ? Array.from(await layer.bias.data()) : null;
  const folded = tf.tidy(() => {
    const b = layer.bias ?? tf.zerosLike(bn.movingMean);
    return tf.add(bn.beta, tf.mul(tf.sub(b, bn.movingMean), tf.reshape(g, [-1])));
  });
  g.dispose();
  try {
    return Array.from(await folded.data());
  } finally {
    folded.dispose();
  }
}

/** Standard base64 of `bytes` (chunked, so large buffers do not overflow the argument list). */
export function bytesToBase64(bytes: Uint8Array): string {
  const chunk = 0x8000;
  let binary = '';
  for (let i = 0; i < bytes.length; i += chunk) {
    binary += String.fromCharCode(...bytes.subarray(i, i + chunk));
  }
  return btoa(binary);
}
