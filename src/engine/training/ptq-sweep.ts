import * as tf from '@tensorflow/tfjs';
import { FIRST_LAST_BITS, ptqLabel } from '../../core/ptq/protocol';
import { calibrateOnDevice } from '../../core/quant/calibrate';
import { quantizeDequantize } from '../../core/quant/fake-quant';
import { disposeParams } from '../../core/quant/params';
import type { DeviceSplit } from '../data/device-data';
import type { Model, WeightLayer } from '../models/model';
import type { TrainConfig } from '../protocol';
import { quantizeFolded } from './bn-fold';
import { evaluate, type Evaluation } from './evaluate';

/** Weight bit widths of the sweep. */
export const PTQ_BITS = [2, 3, 4, 5, 6, 7, 8] as const;

/** One point of the sweep: test accuracy with every kernel fake-quantized to `bits`. */
export interface PtqPoint {
  bits: number;
  /** `W<b>A32`: activations stay in float. */
  label: string;
  accuracy: number;
  loss: number;
}

/** Plain-words description of the PTQ method, shown next to the results. */
export function ptqMethod(config: TrainConfig): string {
  const range = config.ptqRange === 'mse' ? 'MSE range search (K = 100)' : 'min-max range';
  const edges = config.firstLast8 === 'on' ? ', first/last layer at 8 bit' : '';
  return `${config.ptqGranularity} ${config.ptqScheme}, ${range}, BN folded, biases FP32${edges}`;
}

/**
 * PTQ sweep (methods.md 1.5) of the current weights: for each bit width, quantize every kernel as
 * deployed (BN folded), evaluate on the test images, and restore nothing, since the model's
 * variables are never written (the quantized kernels reach the forward pass through hooks).
 */
export async function ptqSweep(
  model: Model,
  test: DeviceSplit,
  numClasses: number,
  config: TrainConfig,
): Promise<PtqPoint[]> {
  const points: PtqPoint[] = [];
  for (const bits of PTQ_BITS) {
    const kernels = quantizeKernels(model.layers, bits, config);
    try {
      const result: Evaluation = await evaluate(model, test, numClasses, config.testExamples, {
        weight: (layer) => kernels.get(layer)!,
      });
      points.push({ bits, label: ptqLabel(bits), ...result });
    } finally {
      tf.dispose([...kernels.values()]);
    }
  }
  return points;
}

function quantizeKernels(
  layers: readonly WeightLayer[],
  bits: number,
  config: TrainConfig,
): Map<WeightLayer, tf.Tensor> {
  const kernels = new Map<WeightLayer, tf.Tensor>();
  const edge = (i: number) => config.firstLast8 === 'on' && (i === 0 || i === layers.length - 1);
  layers.forEach((layer, i) => {
    const quantize = (kernel: tf.Tensor) => {
      // calibrateOnDevice: no synchronous read, which the WebGPU backend cannot afford.
      const params = calibrateOnDevice(kernel, {
        bits: edge(i) ? FIRST_LAST_BITS : bits,
        scheme: config.ptqScheme,
        granularity: config.ptqGranularity,
        kind: layer.kind,
        range: config.ptqRange,
      });
      try {
        return quantizeDequantize(kernel, params.scale, params.zeroPoint, params.grid);
      } finally {
        disposeParams(params);
      }
    };
    kernels.set(layer, quantizeFolded(layer, quantize));
  });
  return kernels;
}
