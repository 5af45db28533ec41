import * as tf from '@tensorflow/tfjs';
import type { IntGrid } from './grid';
import { quantizeDequantize } from './fake-quant';
import {
  affineFromRange,
  assertCandidates,
  DEFAULT_MSE_CANDIDATES,
  scaleFromThreshold,
} from './params';
import { maxAbsThreshold, minMaxRange } from './range-minmax';

export { MSE_ASYMMETRIC_FORMULA, MSE_SYMMETRIC_FORMULA } from './formulas';

/** Candidate elements (candidates x tensor size) evaluated in one batch: bounds peak memory. */
const CHUNK_ELEMENTS = 2 ** 22;

/**
 * MSE-optimal symmetric clipping threshold per channel (methods.md 1.3): tries t_k = (k / K) T,
 * k = 1..K, with T = max|x| of that channel ([LAB]: [OSC-code] adds an absolute margin of 0.5 to T,
 * which makes the grid coarse for small weights) and keeps the one with the least sum of squared
 * errors. k = K is the min-max threshold, so the result is never worse than min-max. Ties keep the
 * smallest t. Runs on the device with no read (argMin stays a tensor); cost K quantizer passes.
 * Returns t with the keepDims shape. Not differentiable (argMin + gather): inside tf.grad call it
 * through `calibrateOnDevice`, which detaches it.
 */
export function mseThreshold(
  x: tf.Tensor,
  axes: number[],
  grid: IntGrid,
  candidates = DEFAULT_MSE_CANDIDATES,
): tf.Tensor {
  assertCandidates(candidates);
  // fraction k / K, computed in float64 so that k = K gives exactly 1.
  const fractions = Float32Array.from({ length: candidates }, (_, i) => (i + 1) / candidates);
  return tf.tidy(() => {
    const big = maxAbsThreshold(x, axes);
    const fracs = tf.tensor1d(fractions);
    const best = argMinOverCandidates(x, axes, candidates, (from, to) => {
      const t = tf.mul(big, candidateColumn(fracs, from, to, x.rank));
      const s = scaleFromThreshold(t, grid);
      return quantizeDequantize(x, s, tf.zerosLike(s), grid);
    });
    return tf.mul(big, tf.reshape(tf.gather(fracs, best), big.shape));
  });
}

/**
 * MSE-optimal asymmetric range per channel (methods.md 1.3): the 2-D grid search of [OSC-code]
 * `MSE_Estimator._perform_2D_search`, with [LAB] T = max|x| (no margin): K symmetric half-widths
 * r_k = (k / K) T, each shifted by j steps d = 2 r_k / (2^b - 1), |j| < J = 2^b / 4, and clipped to the
 * min-max range [min(x_min, 0), max(x_max, 0)]. k = K, j = 0 is exactly the min-max range, so the
 * result is never worse than min-max.
 *
 * Why a grid and not golden-section: the quantization error is not unimodal in the range at low
 * bit widths (it jumps as values change bins), so golden-section can stop in a local minimum, and its
 * per-iteration decisions would need a device read per step; the grid is deterministic, needs no read
 * and contains the min-max candidate. Cost: K (2J - 1) quantizer passes (100 at b = 2, 12 700 at b = 8),
 * fine for PTQ / calibration, never for a training step. Ties keep the smallest r, then the smallest
 * |j| (j = 0, +1, -1, +2, ...). Measured on the tfjs CPU backend (2 shared cores), one per-channel
 * [3, 3, 16, 32] kernel: 7.8 s at b = 4, 67 s at b = 8 (symmetric MSE, K passes: about 1 s). Not
 * differentiable; see {@link mseThreshold}.
 */
export function mseRange(
  x: tf.Tensor,
  axes: number[],
  grid: IntGrid,
  candidates = DEFAULT_MSE_CANDIDATES,
): { lo: tf.Tensor; hi: tf.Tensor } {
  assertCandidates(candidates);
  const { loCoef, hiCoef } = asymmetricCoefficients(grid, candidates);
  return tf.tidy(() => {
    const bounds = minMaxRange(x, axes);
    const big = tf.maximum(tf.neg(bounds.lo), bounds.hi);
    const loC = tf.tensor1d(loCoef);
    const hiC = tf.tensor1d(hiCoef);
    const rangeFor = (loK: tf.Tensor, hiK: tf.Tensor) => ({
      lo: tf.maximum(tf.mul(big, loK), bounds.lo),
      hi: tf.minimum(tf.mul(big, hiK), bounds.hi),
    });
    const best = argMinOverCandidates(x, axes, loCoef.length, (from, to) => {
      const r = rangeFor(
        candidateColumn(loC, from, to, x.rank),
        candidateColumn(hiC, from, to, x.rank),
      );
      const { scale, zeroPoint } = affineFromRange(r.lo, r.hi, grid);
      return quantizeDequantize(x, scale, zeroPoint, grid);
    });
    const pick = (c: tf.Tensor) => tf.reshape(tf.gather(c, best), big.shape);
    return rangeFor(pick(loC), pick(hiC));
  });
}

/**
 * Per candidate m = (k, j): lo = T * loCoef[m], hi = T * hiCoef[m] before clipping to the min-max
 * range, i.e. loCoef = (k / K)(-1 + 2j / (2^b - 1)), hiCoef = (k / K)(1 + 2j / (2^b - 1)).
 */
function asymmetricCoefficients(
  grid: IntGrid,
  candidates: number,
): { loCoef: Float32Array; hiCoef: Float32Array } {
  const levels = grid.p - grid.n; // 2^b - 1 on the unsigned grid
  const maxSkew = Math.floor((levels + 1) / 4); // J = 2^b / 4 ([OSC-code] max_int_skew)
  const skews = [0];
  for (let j = 1; j < maxSkew; j++) skews.push(j, -j);
  const loCoef: number[] = [];
  const hiCoef: number[] = [];
  for (let k = 1; k <= candidates; k++) {
    const frac = k / candidates;
    for (const j of skews) {
      loCoef.push(frac * (-1 + (2 * j) / levels));
      hiCoef.push(frac * (1 + (2 * j) / levels));
    }
  }
  return { loCoef: Float32Array.from(loCoef), hiCoef: Float32Array.from(hiCoef) };
}

/** Candidates [from, to) of a 1-D coefficient tensor, shaped [m, 1, ..., 1] to broadcast. */
function candidateColumn(coef: tf.Tensor, from: number, to: number, rank: number): tf.Tensor {
  return tf.reshape(tf.slice(coef, from, to - from), [
    to - from,
    ...new Array<number>(rank).fill(1),
  ]);
}

/**
 * Evaluate `count` candidates in chunks; `quantize(from, to)` returns the de-quantized x for
 * candidates [from, to) stacked on a new axis 0. Returns, per channel, the index of the candidate
 * with the least sum of squared errors (first on ties), flattened to 1-D int32.
 */
function argMinOverCandidates(
  x: tf.Tensor,
  axes: number[],
  count: number,
  quantize: (from: number, to: number) => tf.Tensor,
): tf.Tensor {
  const chunk = Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(1, x.size)));
  const shifted = axes.map((a) => a + 1);
  const errors: tf.Tensor[] = [];
  for (let from = 0; from < count; from += chunk) {
    const to = Math.min(count, from + chunk);
    errors.push(
      tf.tidy(() => {
        const err = tf.sum(tf.square(tf.sub(tf.expandDims(x, 0), quantize(from, to))), shifted);
        return tf.reshape(err, [to - from, -1]);
      }),
    );
  }
  const all = errors.length === 1 ? errors[0]! : tf.concat(errors, 0);
  return tf.argMin(all, 0);
}
