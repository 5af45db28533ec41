import * as tf from '@tensorflow/tfjs';
import { gridHistogram } from '../../core/metrics/grid-histogram';
import type { IntGrid } from '../../core/quant/grid';
import { SCALE_FLOOR } from '../../core/quant/scale-floor';
import { calibrateOnDevice } from '../../core/quant/calibrate';
import { latentIntegers } from '../../core/quant/fake-quant';
import { disposeParams } from '../../core/quant/params';
import type { Model } from '../models/model';
import type { WeightHistogram } from '../protocol';
import type { Recipe } from '../../settings/schema';

/** A layer's QAT weight quantizer, as far as the histogram needs it. */
export interface LearnedGrid {
  readonly s: tf.Tensor;
  readonly bits: number;
  readonly grid: IntGrid;
}

/** Why `recipe.histLayer` names no layer of `model`, or null when it does. */
export function histogramLayerProblem(model: Model, recipe: Recipe): string | null {
  if (recipe.histLayer < model.layers.length) return null;
  const names = model.layers.map((l, i) => `${i} ${l.name}`).join(', ');
  return `Histogram layer ${recipe.histLayer} does not exist: ${model.name} has layers ${names}.`;
}

/**
 * Every layer's histogram ({@link weightHistogram}), in model order; `learned(i)` is layer i's
 * QAT grid, if any. Reads each kernel: cadence only.
 */
export async function weightHistograms(
  model: Model,
  recipe: Recipe,
  learned: (index: number) => LearnedGrid | undefined,
): Promise<WeightHistogram[]> {
  const out: WeightHistogram[] = [];
  for (let i = 0; i < model.layers.length; i++) {
    out.push(await weightHistogram(model, recipe, i, learned(i)));
  }
  return out;
}

/**
 * Histogram of layer `index`'s kernel in integer units, so per-channel scales share one set of
 * bins (core/metrics/grid-histogram). Under QAT (`learned` given) the grid is the one training
 * uses: the layer's learned step and its bit width. Otherwise the grid of `histBits` bits is
 * calibrated with the PTQ settings (scheme, granularity, range). Reads the kernel: cadence only.
 */
export async function weightHistogram(
  model: Model,
  recipe: Recipe,
  index: number,
  learned?: LearnedGrid,
): Promise<WeightHistogram> {
  const layer = model.layers[index]!;
  if (learned) {
    const latent = tf.tidy(() => tf.div(layer.kernel, tf.maximum(learned.s, SCALE_FLOOR)));
    const scale = tf.tidy(() => tf.reshape(learned.s, [-1]).slice(0, 1));
    const [values, s] = await Promise.all([latent.data(), scale.data()]);
    tf.dispose([latent, scale]);
    return summary(layer.name, learned.bits, learned.grid, values, [s[0]!, 0], 'learned');
  }
  // calibrateOnDevice: no synchronous read (WebGPU); the reads below are async.
  const params = calibrateOnDevice(layer.kernel, {
    bits: recipe.histBits,
    scheme: recipe.ptqScheme,
    granularity: recipe.ptqGranularity,
    kind: layer.kind,
    range: recipe.ptqRange,
  });
  try {
    const latent = latentIntegers(layer.kernel, params);
    const values = await latent.data();
    latent.dispose();
    const perTensor = params.scale.size === 1;
    const [s, z] = perTensor
      ? await Promise.all([params.scale.data(), params.zeroPoint.data()])
      : [null, null];
    const grid: [number, number] | null = s && z ? [s[0]!, z[0]!] : null;
    return summary(layer.name, recipe.histBits, params.grid, values, grid, 'ptq');
  } finally {
    disposeParams(params);
  }
}

function summary(
  layer: string,
  bits: number,
  grid: IntGrid,
  latent: ArrayLike<number>,
  /** Step size and zero point of a per-tensor grid; null per channel. */
  perTensor: [number, number] | null,
  source: WeightHistogram['grid'],
): WeightHistogram {
  const h = gridHistogram(latent, grid);
  return {
    layer,
    bits,
    n: grid.n,
    p: grid.p,
    latentCounts: Array.from(h.latentCounts),
    quantizedCounts: Array.from(h.quantizedCounts),
    clippedBelow: h.clippedBelow,
    clippedAbove: h.clippedAbove,
    scale: perTensor ? perTensor[0] : null,
    zeroPoint: perTensor ? perTensor[1] : 0,
    grid: source,
  };
}
