// Shared test helpers for the quantizer, metrics and PTQ suites (not a test file itself).
import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';
import { calibrateOnDevice } from '../../../../src/core/quant/calibrate';
import { integerCodes, quantizeDequantize } from '../../../../src/core/quant/fake-quant';
import { intGrid, type GridMode, type IntGrid } from '../../../../src/core/quant/grid';
import {
  disposeParams,
  type QuantizerConfig,
  type QuantParams,
} from '../../../../src/core/quant/params';

import { expectNoLeak, normals, seededRandom } from '../../../helpers/property';

export { expectNoLeak, normals, seededRandom };

/** Hand-made per-tensor params for a rank-`rank` tensor (caller disposes). */
export function manualParams(
  scale: number,
  zeroPoint: number,
  bits: number,
  mode: GridMode,
  rank = 1,
): QuantParams {
  const shape = new Array<number>(rank).fill(1);
  return {
    grid: intGrid(bits, mode),
    scale: tf.fill(shape, scale),
    zeroPoint: tf.fill(shape, zeroPoint),
    axes: shape.map((_, i) => i),
  };
}

/** Sum of squared errors between two tensors, read as a number. */
export function sse(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.sum(tf.square(tf.sub(a, b))).dataSync()[0]!);
}

/** Expect every element of `actual` within 1e-6 of `expected` (float32 arithmetic). */
export function expectClose(actual: tf.Tensor | ArrayLike<number>, expected: number[], digits = 6) {
  const values = actual instanceof tf.Tensor ? Array.from(actual.dataSync()) : Array.from(actual);
  expect(values).toHaveLength(expected.length);
  values.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, digits));
}

/** Like tf.tidy, but for functions that return plain values (tf.tidy's type wants tensors). */
export function scoped<T>(fn: () => T): T {
  tf.engine().startScope();
  try {
    return fn();
  } finally {
    tf.engine().endScope();
  }
}

/**
 * Calibrate on `x` and fake-quantize it as the PTQ sweep does (calibrateOnDevice, then
 * quantizeDequantize). The caller owns the result.
 */
export function ptqFakeQuantize(x: tf.Tensor, config: QuantizerConfig): tf.Tensor {
  const params = calibrateOnDevice(x, config);
  try {
    return quantizeDequantize(x, params.scale, params.zeroPoint, params.grid);
  } finally {
    disposeParams(params);
  }
}

/** Integer codes, scales and zero points of `x` as the weights export computes them, read back. */
export function ptqCodes(
  x: tf.Tensor,
  config: QuantizerConfig,
): { codes: Int32Array; scales: Float32Array; zeroPoints: Int32Array; grid: IntGrid } {
  return scoped(() => {
    const params = calibrateOnDevice(x, config);
    return {
      codes: integerCodes(x, params).dataSync() as Int32Array,
      scales: params.scale.dataSync() as Float32Array,
      zeroPoints: tf.cast(params.zeroPoint, 'int32').dataSync() as Int32Array,
      grid: params.grid,
    };
  });
}
