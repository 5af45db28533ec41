import * as tf from '@tensorflow/tfjs';
import { calibrateOnDevice } from '../quant/calibrate';
import { quantizeDequantize } from '../quant/fake-quant';
import { disposeParams, type QuantizerConfig } from '../quant/params';

export { SQNR_FORMULA, SQNR_QUANTIZERS } from './sqnr-quantizers';

/**
 * SQNR of `x` quantized by `config` (`SQNR_FORMULA`), as a scalar tensor: no device read, so
 * many layers, widths and quantizers are packed and read once. +Inf when the grid holds every
 * weight exactly; NaN for an all-zero tensor (no signal).
 */
export function sqnrDb(x: tf.Tensor, config: QuantizerConfig): tf.Scalar {
  const params = calibrateOnDevice(x, config);
  try {
    return tf.tidy(() => {
      const q = quantizeDequantize(x, params.scale, params.zeroPoint, params.grid);
      const ratio = tf.div(tf.sum(tf.square(x)), tf.sum(tf.squaredDifference(x, q)));
      return tf.mul(tf.log(ratio), 10 / Math.LN10) as tf.Scalar;
    });
  } finally {
    disposeParams(params);
  }
}
