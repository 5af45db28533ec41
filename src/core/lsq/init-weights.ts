import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { assertBits } from '../quant/bits';
import { paramShape, reduceAxes, type Granularity, type LayerKind } from '../quant/layout';
import { lsqGrid, type LsqGridMode } from './lsq';
import type { LearnedParamInit } from './params';

/** Per-tensor (default) or per-channel step sizes; per-channel needs the layer kind (methods.md 1.2). */
export interface InitGranularity {
  granularity?: Granularity;
  kind?: LayerKind;
}

/** Reduced axes and the parameter shape ([] per-tensor, keepDims per-channel). */
function groupLayout(w: tf.Tensor, options: InitGranularity) {
  const granularity = options.granularity ?? 'per-tensor';
  const axes = reduceAxes(w.shape, granularity, options.kind);
  return { axes, shape: granularity === 'per-tensor' ? [] : paramShape(w.shape, axes) };
}

/**
 * An init split at its one device read: the tensors to read, and the host-side finish. The read is
 * asynchronous (data()): the only read that works in a WebGPU worker (SwiftShader's synchronous read
 * returned zeros there).
 */
interface InitPlan {
  tensors: tf.Tensor[];
  finish(values: Float32Array[]): LearnedParamInit;
}

async function runAsync(plan: InitPlan): Promise<LearnedParamInit> {
  try {
    const values = await Promise.all(
      plan.tensors.map(async (t) => Float32Array.from(await t.data())),
    );
    return plan.finish(values);
  } finally {
    tf.dispose(plan.tensors);
  }
}

/**
 * Turn per-channel and per-tensor step sizes into an init: NaN/Inf in the tensor -> QuantError; an
 * all-zero tensor (s = 0) -> QuantError; a single all-zero channel (e.g. pruned) takes the per-tensor s,
 * a documented safe value, so no channel starts at s = 0.
 */
function finishScales(
  perChannel: Float32Array,
  perTensor: number,
  shape: number[],
  what: string,
): LearnedParamInit {
  if (!Number.isFinite(perTensor) || perChannel.some((v) => !Number.isFinite(v))) {
    throw new QuantError(`${what}: the tensor holds NaN or Inf values`);
  }
  if (!(perTensor > 0)) throw new QuantError(`${what}: the tensor is all zeros, so s would be 0`);
  const s = perChannel.map((v) => (v > 0 ? v : perTensor));
  return { shape, s, beta: new Float32Array(s.length) };
}

function assertNonEmpty(t: tf.Tensor, what: string): void {
  if (t.size === 0) throw new QuantError(`${what}: cannot initialise from an empty tensor`);
}

/**
 * LSQ's step-size init (methods.md 4.1): s = 2 * mean(|v|) / sqrt(Q_P), on the initial weights or the
 * first activation batch, per tensor or per channel. Reads the device once, asynchronously (not for
 * the training step).
 */
export function lsqInitAsync(
  v: tf.Tensor,
  bits: number,
  grid: LsqGridMode,
  options: InitGranularity = {},
): Promise<LearnedParamInit> {
  return runAsync(lsqInitPlan(v, bits, grid, options));
}

function lsqInitPlan(
  v: tf.Tensor,
  bits: number,
  grid: LsqGridMode,
  options: InitGranularity,
): InitPlan {
  const { p } = lsqGrid(bits, grid);
  assertNonEmpty(v, 'LSQ init');
  const { axes, shape } = groupLayout(v, options);
  const factor = 2 / Math.sqrt(p);
  const tensors = tf.tidy(() => {
    const magnitude = tf.abs(tf.cast(v, 'float32'));
    return [tf.mul(tf.mean(magnitude, axes), factor), tf.mul(tf.mean(magnitude), factor)];
  });
  return {
    tensors,
    finish: ([channel, whole]) => finishScales(channel!, whole![0]!, shape, 'LSQ init'),
  };
}

/**
 * max(|mu - 3 sigma|, |mu + 3 sigma|) over `axes` (keepDims), sigma the unbiased (N - 1) standard
 * deviation, 0 for a single element.
 */
function threeSigmaBound(w: tf.Tensor, axes: number[]): tf.Tensor {
  const count = axes.reduce((n, a) => n * w.shape[a]!, 1);
  const mu = tf.mean(w, axes, true);
  const sumSq = tf.sum(tf.square(tf.sub(w, mu)), axes, true);
  const sigma = count > 1 ? tf.sqrt(tf.div(sumSq, count - 1)) : tf.zerosLike(sumSq);
  const spread = tf.mul(sigma, 3);
  return tf.maximum(tf.abs(tf.sub(mu, spread)), tf.abs(tf.add(mu, spread)));
}

/**
 * LSQ+ weight init (methods.md 4.2, 4.4): s = max(|mu - 3 sigma|, |mu + 3 sigma|) / 2^(b-1), with mu and
 * sigma of the weight tensor (per-tensor) or of each output channel (per-channel); beta = 0 (weights
 * have no offset). Reads the device once, asynchronously.
 *
 * Readings chosen: sigma is the unbiased (N - 1) standard deviation, as torch.std in the public LSQ+
 * code and the lab's other statistics (methods.md 6); the divisor is 2^(b-1), not Q_P = 2^(b-1) - 1 and
 * not 2^b - 1 (the ZouJiu1/LSQplus bug of methods.md 4.3). mu and sigma are of w itself, as methods.md
 * writes (a secondary summary in the seeds speaks of the distribution of |w|; methods.md wins).
 */
export function lsqPlusWeightInitAsync(
  w: tf.Tensor,
  bits: number,
  options: InitGranularity = {},
): Promise<LearnedParamInit> {
  return runAsync(lsqPlusWeightInitPlan(w, bits, options));
}

function lsqPlusWeightInitPlan(w: tf.Tensor, bits: number, options: InitGranularity): InitPlan {
  assertBits(bits);
  assertNonEmpty(w, 'LSQ+ weight init');
  const { axes, shape } = groupLayout(w, options);
  const divisor = 2 ** (bits - 1);
  const allAxes = w.shape.map((_, i) => i);
  const tensors = tf.tidy(() => {
    const wf = tf.cast(w, 'float32');
    return [
      tf.div(threeSigmaBound(wf, axes), divisor),
      tf.div(threeSigmaBound(wf, allAxes), divisor),
    ];
  });
  return {
    tensors,
    finish: ([channel, whole]) => finishScales(channel!, whole![0]!, shape, 'LSQ+ weight init'),
  };
}
