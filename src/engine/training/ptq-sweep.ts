import * as tf from '@tensorflow/tfjs';
import {
  activationBits,
  BIT_WIDTHS,
  bitsForLayer,
  FIRST_LAST_BITS,
  ptqLabel,
} from '../../core/quant/bits';
import { calibrateOnDevice } from '../../core/quant/calibrate';
import { quantizeDequantize } from '../../core/quant/fake-quant';
import { disposeParams, type QuantParams } from '../../core/quant/params';
import type { DeviceSplit } from '../data/device-data';
import type { Model, WeightLayer } from '../models/model';
import type { LayerSensitivity, PtqPoint } from '../protocol';
import { ptqQuantizerOf, type PtqQuantizer } from '../../settings/ptq-quantizer';
import type { Recipe } from '../../settings/schema';
import { quantizeFolded } from './bn-fold';
import { evaluate, type Evaluation } from './evaluate';
import { CALIBRATION_IMAGES } from './ptq-constants';

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
  const kept = q.keep8?.length ? `, ${q.keep8.join(', ')} kept at 8 bit` : '';
  const acts =
    q.actBits === 'float'
      ? ''
      : `; layer inputs at ${q.actBits} bit (asymmetric min-max on ${CALIBRATION_IMAGES} ` +
        'training images, image input in float)';
  return `${q.granularity} ${q.scheme}, ${range}${step}, ${bn}, biases FP32${edges}${kept}${acts}`;
}

export { CALIBRATION_IMAGES } from './ptq-constants';

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
 * The quantizer a sensitivity measurement uses: `quantizer`'s weight settings with every layer at
 * the asked width (no 8-bit edges or kept layers) and activations in float, so each layer's
 * accuracy shows what quantizing that layer's weights alone costs.
 */
export function sensitivityQuantizer(quantizer: PtqQuantizer): PtqQuantizer {
  const { keep8: _kept, ...rest } = quantizer;
  void _kept;
  return { ...rest, actBits: 'float', firstLast8: false };
}

/**
 * Per-layer sensitivity (the layer inspector): test accuracy on the first `limit` test images
 * with only one weight layer's kernel fake-quantized at `bits` (the others float), for every
 * layer, and with all of them quantized; `quantizer` as {@link sensitivityQuantizer} makes it.
 */
export async function layerSensitivity(
  model: Model,
  data: { test: DeviceSplit; numClasses: number },
  bits: number,
  quantizer: PtqQuantizer,
  limit: number,
  onPass: (layersDone: number) => void = () => {},
): Promise<Pick<LayerSensitivity, 'layers' | 'allAccuracy'>> {
  const q = sensitivityQuantizer(quantizer);
  const accuracyWith = async (quantized: readonly WeightLayer[]): Promise<number> => {
    const kernels = quantizeKernels(quantized, bits, q);
    try {
      const weight = (layer: WeightLayer) => kernels.get(layer) ?? layer.kernel;
      return (await evaluate(model, data.test, data.numClasses, limit, { weight })).accuracy;
    } finally {
      tf.dispose([...kernels.values()]);
    }
  };
  const layers: LayerSensitivity['layers'] = [];
  for (const layer of model.layers) {
    layers.push({ name: layer.name, accuracy: await accuracyWith([layer]) });
    onPass(layers.length);
  }
  return { layers, allAccuracy: await accuracyWith(model.layers) };
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
  layers.forEach((layer) => kernels.set(layer, quantizeKernel(layer, layers.length, bits, q)));
  return kernels;
}

/** One of `count` layers' kernel fake-quantized at `bits` with `q` (see {@link quantizeKernels}). */
function quantizeKernel(
  layer: WeightLayer,
  count: number,
  bits: number,
  q: PtqQuantizer,
): tf.Tensor {
  const layerBits = q.keep8?.includes(layer.name)
    ? FIRST_LAST_BITS
    : bitsForLayer(layer, count, bits, q.firstLast8);
  // calibrateOnDevice: no synchronous read, which the WebGPU backend cannot afford.
  const quantize = (kernel: tf.Tensor) =>
    tf.tidy(() => {
      const params = calibrateOnDevice(kernel, {
        bits: layerBits,
        scheme: q.scheme,
        granularity: q.granularity,
        kind: layer.kind,
        range: q.range,
      });
      // A scaled step keeps the calibrated zero point: the grid widens (or narrows) around it.
      const scale = q.stepScale === 1 ? params.scale : tf.mul(params.scale, q.stepScale);
      return quantizeDequantize(kernel, scale, params.zeroPoint, params.grid);
    });
  return q.fold ? quantizeFolded(layer, quantize) : quantize(layer.kernel);
}
