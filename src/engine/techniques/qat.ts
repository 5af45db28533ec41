import * as tf from '@tensorflow/tfjs';
import { gradScale, resolveGradScale } from '../../core/lsq/grad-scale';
import { lsqFakeQuant, lsqGrid } from '../../core/lsq/lsq';
import { lsqPlusFakeQuant, type LsqPlusConfig } from '../../core/lsq/lsq-plus';
import { lsqInitAsync, lsqPlusWeightInitAsync } from '../../core/lsq/init-weights';
import { lsqPlusActivationInitMse } from '../../core/lsq/init-activations';
import {
  clampScale,
  createLsqParams,
  createLsqPlusParams,
  disposeLearnedParams,
  type LearnedQuantParams,
} from '../../core/lsq/params';
import { SCALE_FLOOR } from '../../core/quant/scale-floor';
import type { FreezingMasks } from '../../core/oscillation/freezing';
import { activationBits, bitsForLayer } from '../../core/quant/bits';
import type { IntGrid } from '../../core/quant/grid';
import type { WeightLayer } from '../models/model';
import type { Recipe } from '../../settings/schema';
import type { REPORT_KEYS } from '../../settings/techniques';
import type { TechniqueReport } from '../protocol';
import type { Technique, TechniqueFactory } from './technique';

type QatReportKey = (typeof REPORT_KEYS)['qat'][number];

/**
 * Read-only view of one layer's QAT weight quantizer (the one definition lives here), for
 * techniques that act on its integers: oscillation tracking, freezing and dampening (methods.md 5).
 */
export interface WeightQuantizer {
  readonly layer: WeightLayer;
  /** Learned per-tensor step size (the QAT variable; do not assign it). */
  readonly s: tf.Tensor;
  readonly bits: number;
  /** Integer grid of the weights: signed-full [-2^(b-1), 2^(b-1) - 1] for LSQ and LSQ+. */
  readonly grid: IntGrid;
  /** Current integer weights `clamp(round(w / s), n, p)`, as the quantizer forms them; a new
   * tensor the caller owns, for use outside a gradient scope. No device read. */
  integers(): tf.Tensor;
  /**
   * This quantizer's output `q` (from the weight hook) with frozen entries held at
   * `s * frozen_int` (methods.md 5.4): `(1 - frozen) * q + frozen * s * frozen_int`, so frozen
   * entries get no gradient while s still does, with the quantizer's own gradient scale.
   */
  freeze(q: tf.Tensor, masks: FreezingMasks): tf.Tensor;
}

/** The QAT technique, with its weight quantizers exposed read-only. */
export interface QatTechnique extends Technique {
  readonly id: 'qat';
  /** One per weight layer, in forward order. */
  readonly weightQuantizers: readonly WeightQuantizer[];
}

/** Whether `t` is the QAT technique (then its weight quantizers can be read, e.g. by the
 * oscillation technique). */
export function isQatTechnique(t: Technique): t is QatTechnique {
  return t.id === 'qat' && 'weightQuantizers' in t;
}

/**
 * Quantization-aware training with LSQ (methods.md 4.1) or LSQ+ (4.2): every weight layer's kernel
 * is fake-quantized with a learned per-tensor step size (signed grid); optionally each layer's input
 * (all but the image) is quantized too, with a learned step (LSQ: unsigned grid, for post-ReLU
 * inputs) or step and offset (LSQ+, the chosen configuration). Weight steps start from the LSQ or
 * LSQ+ init on the initial kernels, activation steps from one calibration batch (LSQ init /
 * LSQ+ MSE init), both set in `prepare` with asynchronous reads. BN stays in float and unfolded
 * during QAT, as in [OSC-code].
 */
export const createQat: TechniqueFactory = (model, recipe) => {
  const layers = model.layers;
  const bitsOf = (layer: WeightLayer) =>
    bitsForLayer(layer, layers.length, recipe.wBits, recipe.firstLast8 === 'on');
  // Placeholders so the weight quantizers exist from the start; `prepare` writes their init.
  const weights = new Map(layers.map((l) => [l, createWeightParams(recipe)]));
  const inputs = new Map<WeightLayer, LearnedQuantParams>();
  /** Each quantized layer's input on the calibration batch, kept until `prepare` reads it. */
  const calibration = new Map<WeightLayer, tf.Tensor>();
  const aBits = activationBits(recipe.aBits);
  const all = () => [...weights.values(), ...inputs.values()];

  const weightQuantizers = layers.map((l) => weightQuantizer(l, weights.get(l)!.s, bitsOf(l)));
  const technique: QatTechnique = {
    id: 'qat',
    weightQuantizers,
    get variables() {
      return all().flatMap((p) => (p.beta ? [p.s, p.beta] : [p.s]));
    },
    // With one optimizer at the model's rate, a small step size s is pushed through zero within
    // a few steps (methods 4.3, [OSC-code]).
    ownAdamRate: recipe.quantLearningRate,
    learnedGrid: (index) => weightQuantizers[index],
    calibrate: (layer, x) => {
      if (aBits === null || layer.index === 0 || calibration.has(layer)) return;
      calibration.set(layer, tf.keep(x.clone()));
    },
    prepare: async () => {
      for (const layer of layers) {
        const init = await initWeightStep(layer.kernel, bitsOf(layer), recipe);
        const s = tf.tensor(init.s, init.shape);
        weights.get(layer)!.s.assign(s);
        s.dispose(); // assign shares the data; the tensor object would stay live otherwise
      }
      for (const [layer, x] of calibration) {
        try {
          inputs.set(layer, await createInputParams(x, aBits!, recipe));
        } finally {
          x.dispose();
        }
      }
      calibration.clear();
    },
    hooks: {
      weight: (layer, kernel) => quantizeWeight(kernel, weights.get(layer)!, bitsOf(layer), recipe),
      input: (layer, x) => {
        const params = inputs.get(layer);
        return params ? quantizeInput(x, params, aBits!, recipe) : x;
      },
    },
    afterStep: () => all().forEach((p) => clampScale(p)),
    report: async () => report(layers, weights, inputs),
    dispose: () => {
      all().forEach(disposeLearnedParams);
      tf.dispose([...calibration.values()]);
    },
  };
  return technique;
};

function weightQuantizer(layer: WeightLayer, s: tf.Tensor, bits: number): WeightQuantizer {
  const grid = lsqGrid(bits, 'signed-full');
  // The g lsqFakeQuant and lsqPlusFakeQuant give a per-tensor weight step (both use 'lsq').
  const g = resolveGradScale('lsq', layer.kernel.shape, s.size, 'weight', grid.p);
  return {
    layer,
    s,
    bits,
    grid,
    integers: () =>
      tf.tidy(() =>
        tf.clipByValue(tf.round(tf.div(layer.kernel, tf.maximum(s, SCALE_FLOOR))), grid.n, grid.p),
      ),
    freeze: (q, masks) =>
      tf.tidy(() => {
        const held = tf.mul(gradScale(s, g), masks.frozenInt);
        return tf.add(tf.mul(tf.sub(1, masks.frozen), q), tf.mul(masks.frozen, held));
      }),
  };
}

/** A weight quantizer's variables, with s = 1 until `prepare` writes the init. */
function createWeightParams(recipe: Recipe): LearnedQuantParams {
  const placeholder = { shape: [], s: Float32Array.of(1), beta: Float32Array.of(0) };
  if (recipe.qat === 'lsq+') return createLsqPlusParams(placeholder, 'signed-symmetric');
  return createLsqParams(placeholder);
}

/** LSQ+ weight init (mean ± 3 sigma) or LSQ init (2 mean|w| / sqrt(Q_P)) of one kernel. */
function initWeightStep(kernel: tf.Tensor, bits: number, recipe: Recipe) {
  if (recipe.qat === 'lsq+') return lsqPlusWeightInitAsync(kernel, bits);
  return lsqInitAsync(kernel, bits, 'signed-full');
}

async function createInputParams(x: tf.Tensor, bits: number, recipe: Recipe) {
  if (recipe.qat === 'lsq+') {
    const lsqConfig = recipe.lsqPlusConfig as LsqPlusConfig;
    const values = Float32Array.from(await x.data());
    return createLsqPlusParams(lsqPlusActivationInitMse(values, bits, lsqConfig), lsqConfig);
  }
  return createLsqParams(await lsqInitAsync(x, bits, 'unsigned'));
}

function quantizeWeight(k: tf.Tensor, p: LearnedQuantParams, bits: number, recipe: Recipe) {
  if (recipe.qat === 'lsq+') {
    return lsqPlusFakeQuant(k, p, { bits, config: 'signed-symmetric', role: 'weight' });
  }
  return lsqFakeQuant(k, p.s, { bits, grid: 'signed-full', role: 'weight' });
}

function quantizeInput(x: tf.Tensor, p: LearnedQuantParams, bits: number, recipe: Recipe) {
  if (recipe.qat === 'lsq+') {
    const lsqConfig = recipe.lsqPlusConfig as LsqPlusConfig;
    return lsqPlusFakeQuant(x, p, { bits, config: lsqConfig, role: 'activation' });
  }
  return lsqFakeQuant(x, p.s, { bits, grid: 'unsigned', role: 'activation' });
}

/** Learned weight step and input step/offset per layer, one read for all of them. */
async function report(
  layers: readonly WeightLayer[],
  weights: Map<WeightLayer, LearnedQuantParams>,
  inputs: Map<WeightLayer, LearnedQuantParams>,
): Promise<TechniqueReport> {
  const entries = layers.map((layer) => {
    const w = weights.get(layer)!;
    const a = inputs.get(layer);
    const named: [QatReportKey, tf.Tensor][] = [['weightStep', w.s]];
    if (a) named.push(['inputStep', a.s]);
    if (a?.beta) named.push(['inputOffset', a.beta]);
    return { layer, named };
  });
  const flat = entries.flatMap((e) => e.named.map(([, t]) => t));
  const packed = tf.tidy(() => tf.concat(flat.map((t) => tf.reshape(t, [-1]).slice(0, 1))));
  const values = await packed.data();
  packed.dispose();
  let i = 0;
  const layerValues = entries.map(({ layer, named }) => ({
    name: layer.name,
    values: Object.fromEntries(named.map(([key]) => [key, values[i++]!])),
  }));
  return { technique: 'qat', layers: layerValues };
}
