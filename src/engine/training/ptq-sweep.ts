import * as tf from '@tensorflow/tfjs';
import { activationBits, BIT_WIDTHS, bitsForLayer, ptqLabel } from '../../core/quant/bits';
import { calibrateOnDevice } from '../../core/quant/calibrate';
import { quantizeDequantize } from '../../core/quant/fake-quant';
import { disposeParams, type QuantParams } from '../../core/quant/params';
import type { DeviceSplit } from '../data/device-data';
import type { Model, WeightLayer } from '../models/model';
import type { PtqPoint } from '../protocol';
import { ptqQuantizerOf, type PtqQuantizer } from '../../settings/ptq-quantizer';
import type { Recipe } from '../../settings/schema';
import { quantizeFolded } from './bn-fold';
import { evaluate, type Evaluation } from './evaluate';

/**
 * Plain-words description of the PTQ method, shown next to the results: the recipe's quantizer
 * unless another is given (BN unfolded and scaled steps are named only when used).
 */
export function ptqMethod(
  recipe: Recipe,
  quantizer: PtqQuantizer = ptqQuantizerOf(recipe),
): string {
  const q = quantizer;
  const range = q.range === 'mse' ? 'MSE range search (K = 100)' : 'min-max range';
  const bn = q.fold ? 'BN folded' : 'BN not folded';
  const step = q.stepScale === 1 ? '' : `, weight step x${q.stepScale} of the calibrated one`;
  const edges = q.firstLast8 ? ', first/last layer at 8 bit' : '';
  const acts =
    q.actBits === 'float'
      ? ''
      : `; layer inputs at ${q.actBits} bit (asymmetric min-max on ${CALIBRATION_IMAGES} ` +
        'training images, image input in float)';
  return `${q.granularity} ${q.scheme}, ${range}${step}, ${bn}, biases FP32${edges}${acts}`;
}

/** Training images the activation ranges are calibrated on (methods.md 1.5 step 3). */
export const CALIBRATION_IMAGES = 256;

/**
 * PTQ sweep (methods.md 1.5) of the current weights: for each bit width, quantize every kernel
 * with `quantizer` (the recipe's by default: BN folded as deployed), evaluate on the first `limit`
 * test images (the recipe's count by default), and restore nothing, since the model's variables
 * are never written (the quantized kernels reach the forward pass through hooks).
 */
export async function ptqSweep(
  model: Model,
  data: { train: DeviceSplit; test: DeviceSplit; numClasses: number },
  recipe: Recipe,
  quantizer: PtqQuantizer = ptqQuantizerOf(recipe),
  limit = recipe.testExamples,
): Promise<PtqPoint[]> {
  const aBits = activationBits(quantizer.actBits);
  const points: PtqPoint[] = [];
  for (const bits of BIT_WIDTHS) {
    const kernels = quantizeKernels(model.layers, bits, quantizer);
    const weight = (layer: WeightLayer) => kernels.get(layer)!;
    const inputs =
      aBits === null
        ? null
        : calibrateInputs(model, data.train, weight, aBits, quantizer.firstLast8);
    try {
      const { accuracy, loss }: Evaluation = await evaluate(
        model,
        data.test,
        data.numClasses,
        limit,
        {
          weight,
          input: (layer, x) => {
            const params = inputs?.get(layer);
            return params ? quantizeDequantize(x, params.scale, params.zeroPoint, params.grid) : x;
          },
        },
      );
      points.push({ bits, label: ptqLabel(bits, aBits), accuracy, loss });
    } finally {
      tf.dispose([...kernels.values()]);
      inputs?.forEach(disposeParams);
    }
  }
  return points;
}

/**
 * Fixed asymmetric min-max ranges of every weight layer's input but the image's, from one
 * eval-mode pass of {@link CALIBRATION_IMAGES} training images through the weight-quantized model
 * (methods.md 1.5 step 3). With first/last at 8 bit, the last layer's input is at 8 bit too.
 * On the device: no read.
 */
function calibrateInputs(
  model: Model,
  train: DeviceSplit,
  weight: (layer: WeightLayer) => tf.Tensor,
  bits: number,
  firstLast8: boolean,
): Map<WeightLayer, QuantParams> {
  const count = model.layers.length;
  const params = new Map<WeightLayer, QuantParams>();
  tf.tidy(() => {
    const images = Math.min(CALIBRATION_IMAGES, train.count);
    const x = tf.slice(train.images, [0, 0, 0, 0], [images, -1, -1, -1]);
    model.apply(x, 'eval', {
      weight,
      input: (layer, input) => {
        if (layer.index === 0) return input;
        // The image input stays float, so of the edges only the last layer's input can be at 8 bit.
        const p = calibrateOnDevice(input, {
          bits: bitsForLayer(layer, count, bits, firstLast8),
          scheme: 'asymmetric',
          granularity: 'per-tensor',
          range: 'min-max',
        });
        tf.keep(p.scale);
        tf.keep(p.zeroPoint);
        params.set(layer, p);
        return quantizeDequantize(input, p.scale, p.zeroPoint, p.grid);
      },
    });
  });
  return params;
}

/**
 * Every layer's kernel fake-quantized at `bits` with `q`: the BN-folded kernel (divided back out)
 * or, unfolded, the raw kernel with BN left as it is in the eval pass.
 */
function quantizeKernels(
  layers: readonly WeightLayer[],
  bits: number,
  q: PtqQuantizer,
): Map<WeightLayer, tf.Tensor> {
  const kernels = new Map<WeightLayer, tf.Tensor>();
  const { firstLast8 } = q;
  layers.forEach((layer) => {
    // calibrateOnDevice: no synchronous read, which the WebGPU backend cannot afford.
    const quantize = (kernel: tf.Tensor) =>
      tf.tidy(() => {
        const params = calibrateOnDevice(kernel, {
          bits: bitsForLayer(layer, layers.length, bits, firstLast8),
          scheme: q.scheme,
          granularity: q.granularity,
          kind: layer.kind,
          range: q.range,
        });
        // A scaled step keeps the calibrated zero point: the grid widens (or narrows) around it.
        const scale = q.stepScale === 1 ? params.scale : tf.mul(params.scale, q.stepScale);
        return quantizeDequantize(kernel, scale, params.zeroPoint, params.grid);
      });
    kernels.set(layer, q.fold ? quantizeFolded(layer, quantize) : quantize(layer.kernel));
  });
  return kernels;
}
