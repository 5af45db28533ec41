import { gridHistogram } from '../../core/metrics/grid-histogram';
import { calibrateOnDevice } from '../../core/quant/calibrate';
import { latentIntegers } from '../../core/quant/fake-quant';
import { disposeParams } from '../../core/quant/params';
import type { Model } from '../models/model';
import type { TrainConfig } from '../protocol';

/** One layer's weights on a quantization grid, as the histogram plot draws them. */
export interface WeightHistogram {
  layer: string;
  bits: number;
  /** Integer grid [n, p]; bin k holds level n + k, edges at the mid-points. */
  n: number;
  p: number;
  latentCounts: number[];
  quantizedCounts: number[];
  /** Weights beyond the clipping range (the STE passes them no gradient). */
  clippedBelow: number;
  clippedAbove: number;
  /** Step size in weight units when the grid is per tensor (null per channel). */
  scale: number | null;
}

/** Why `config.histLayer` names no layer of `model`, or null when it does. */
export function histogramLayerProblem(model: Model, config: TrainConfig): string | null {
  if (config.histLayer < model.layers.length) return null;
  const names = model.layers.map((l, i) => `${i} ${l.name}`).join(', ');
  return `Histogram layer ${config.histLayer} does not exist: ${model.name} has layers ${names}.`;
}

/**
 * Histogram of the chosen layer's kernel on the grid of `histBits` bits, calibrated with the PTQ
 * settings (scheme, granularity, range), in integer units so per-channel scales share one set of
 * bins (core/metrics/grid-histogram). Reads the kernel: cadence only.
 */
export async function weightHistogram(model: Model, config: TrainConfig): Promise<WeightHistogram> {
  const layer = model.layers[config.histLayer]!;
  // calibrateOnDevice: no synchronous read (WebGPU); the one read below is async.
  const params = calibrateOnDevice(layer.kernel, {
    bits: config.histBits,
    scheme: config.ptqScheme,
    granularity: config.ptqGranularity,
    kind: layer.kind,
    range: config.ptqRange,
  });
  try {
    const latent = latentIntegers(layer.kernel, params);
    const values = await latent.data();
    latent.dispose();
    const h = gridHistogram(values, params.grid);
    const perTensor = params.scale.size === 1;
    return {
      layer: layer.name,
      bits: config.histBits,
      n: params.grid.n,
      p: params.grid.p,
      latentCounts: Array.from(h.latentCounts),
      quantizedCounts: Array.from(h.quantizedCounts),
      clippedBelow: h.clippedBelow,
      clippedAbove: h.clippedAbove,
      scale: perTensor ? (await params.scale.data())[0]! : null,
    };
  } finally {
    disposeParams(params);
  }
}
