// Hand-computed values of the uniform quantizer (methods.md 1.1, 1.3 min-max).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { calibrate, calibrateOnDevice } from '../../../../src/core/quant/calibrate';
import {
  integerCodes,
  latentIntegers,
  quantizeDequantize,
} from '../../../../src/core/quant/fake-quant';
import { disposeParams, type QuantizerConfig } from '../../../../src/core/quant/params';
import { expectClose, expectNoLeak, manualParams, ptqCodes, ptqFakeQuantize } from './helpers';

const X = [-0.9, -0.3, 0.2, 0.6];

function fq(values: number[], config: QuantizerConfig, shape?: number[]): number[] {
  return expectNoLeak(() =>
    tf.tidy(() => Array.from(ptqFakeQuantize(tf.tensor(values, shape), config).dataSync())),
  );
}

/** {@link fq} through the cadence-time calibrate(), the one that can read min(x) >= 0. */
function fqRead(values: number[], config: QuantizerConfig): number[] {
  return expectNoLeak(() =>
    tf.tidy(() => {
      const x = tf.tensor(values);
      const p = calibrate(x, config);
      return Array.from(quantizeDequantize(x, p.scale, p.zeroPoint, p.grid).dataSync());
    }),
  );
}

const sym = (bits: number): QuantizerConfig => ({
  bits,
  scheme: 'symmetric',
  granularity: 'per-tensor',
  range: 'min-max',
});
const asym = (bits: number): QuantizerConfig => ({ ...sym(bits), scheme: 'asymmetric' });

describe('rounding', () => {
  test('tf.round rounds half to even (banker rounding), as methods.md 1.1 relies on', () => {
    // tfjs-core's own test: [0.9, 2.5, 2.3, 1.5, -4.5] -> [1, 2, 2, 2, -4]
    const r = tf.tidy(() => Array.from(tf.round(tf.tensor([0.9, 2.5, 2.3, 1.5, -4.5])).dataSync()));
    expect(r).toEqual([1, 2, 2, 2, -4]);
  });

  test('the quantizer inherits half-to-even: s = 1, z = 0 on [-8, 7]', () => {
    // x / s = x; round half to even: 0.5 -> 0, 1.5 -> 2, 2.5 -> 2, -0.5 -> -0, -2.5 -> -2, 3.5 -> 4
    const p = manualParams(1, 0, 4, 'signed-full');
    const out = expectNoLeak(() =>
      tf.tidy(() =>
        Array.from(
          quantizeDequantize(
            tf.tensor([0.5, 1.5, 2.5, -0.5, -2.5, 3.5]),
            p.scale,
            p.zeroPoint,
            p.grid,
          ).dataSync(),
        ),
      ),
    );
    expect(out.map((v) => v + 0)).toEqual([0, 2, 2, 0, -2, 4]);
    disposeParams(p);
  });
});

describe('symmetric, signed full range, min-max (x = [-0.9, -0.3, 0.2, 0.6])', () => {
  test('b = 2: grid [-2, 1], s = 0.9 / 1 = 0.9', () => {
    // x / s = [-1, -0.333, 0.222, 0.667] -> round [-1, 0, 0, 1] -> x_hat = 0.9 * that
    expectClose(fq(X, sym(2)), [-0.9, 0, 0, 0.9]);
  });

  test('b = 3: grid [-4, 3], s = 0.9 / 3 = 0.3', () => {
    // x / s = [-3, -1, 0.667, 2] -> [-3, -1, 1, 2] -> x_hat = [-0.9, -0.3, 0.3, 0.6]
    expectClose(fq(X, sym(3)), [-0.9, -0.3, 0.3, 0.6]);
  });

  test('b = 2 narrow range [-1, 1] gives the same s = 0.9 / 1 here', () => {
    expectClose(fq(X, { ...sym(2), signedGrid: 'signed-narrow' }), [-0.9, 0, 0, 0.9]);
  });

  test('clamping at the grid edge: x = [-2.0, 0.5] at b = 2 full range', () => {
    // t = 2, s = 2 / 1 = 2; x / s = [-1, 0.25] -> [-1, 0]; the -2 level (-4) is never reached
    expectClose(fq([-2.0, 0.5], sym(2)), [-2, 0]);
  });
});

describe('asymmetric (affine, unsigned grid), min-max (x = [-0.9, -0.3, 0.2, 0.6])', () => {
  test('b = 2: grid [0, 3], s = (0.6 - -0.9) / 3 = 0.5, z = round(0.9 / 0.5 = 1.8) = 2', () => {
    // x / s = [-1.8, -0.6, 0.4, 1.2] -> round [-2, -1, 0, 1] -> + z = [0, 1, 2, 3]
    // x_hat = 0.5 * ([0, 1, 2, 3] - 2) = [-1, -0.5, 0, 0.5]
    expectClose(fq(X, asym(2)), [-1, -0.5, 0, 0.5]);
  });

  test('b = 3: grid [0, 7], s = 1.5 / 7, z = round(0.9 / s = 4.2) = 4', () => {
    // x / s = [-4.2, -1.4, 0.933, 2.8] -> [-4, -1, 1, 3]; + 4 = [0, 3, 5, 7]
    // x_hat = (1.5 / 7) * [-4, -1, 1, 3]
    const s = 1.5 / 7;
    expectClose(fq(X, asym(3)), [-4 * s, -1 * s, s, 3 * s]);
  });

  test('codes, scale and zero point come back as integers: b = 3', () => {
    const q = expectNoLeak(() => {
      const x = tf.tensor(X);
      const out = ptqCodes(x, asym(3));
      x.dispose();
      return out;
    });
    expect(Array.from(q.codes)).toEqual([0, 3, 5, 7]);
    expect(Array.from(q.zeroPoints)).toEqual([4]);
    expect(q.scales[0]).toBeCloseTo(1.5 / 7, 7);
    expect(q.grid).toEqual({ n: 0, p: 7 });
  });

  test('a range that does not contain 0 is widened to contain it', () => {
    // x = [0.2, 0.5, 0.8]: lo = min(0.2, 0) = 0, hi = 0.8; b = 2: s = 0.8 / 3, z = 0
    // x / s = [0.75, 1.875, 3] -> [1, 2, 3] -> x_hat = s * [1, 2, 3]
    const s = 0.8 / 3;
    expectClose(fq([0.2, 0.5, 0.8], asym(2)), [s, 2 * s, 3 * s]);
  });
});

describe('unsigned switch for non-negative data ([OSC-code], option)', () => {
  const x = [0, 0.13, 0.25, 0.6];
  test('on: grid [0, 3], s = 0.6 / 3 = 0.2', () => {
    // x / s = [0, 0.65, 1.25, 3] -> [0, 1, 1, 3] -> [0, 0.2, 0.2, 0.6]
    expectClose(fqRead(x, { ...sym(2), unsignedWhenNonNegative: true }), [0, 0.2, 0.2, 0.6]);
  });
  test('off (default): grid [-2, 1], s = 0.6 / 1', () => {
    // x / s = [0, 0.217, 0.417, 1] -> [0, 0, 0, 1]
    expectClose(fq(x, sym(2)), [0, 0, 0, 0.6]);
  });
  test('a negative minimum keeps the signed grid even with the switch on', () => {
    expectClose(fqRead(X, { ...sym(3), unsignedWhenNonNegative: true }), [-0.9, -0.3, 0.3, 0.6]);
  });
});

describe('per-channel: two dense output channels of very different scale', () => {
  // dense kernel [in = 2, out = 2]; channel 0 = column 0 = [1.2, -0.5], channel 1 = [0.012, -0.005]
  const kernel = [1.2, 0.012, -0.5, -0.005];
  const perChannel: QuantizerConfig = { ...sym(3), granularity: 'per-channel', kind: 'dense' };

  test('each channel gets its own s = max|w_c| / 3', () => {
    // ch0: s = 0.4, w / s = [3, -1.25] -> [3, -1] -> [1.2, -0.4]
    // ch1: s = 0.004, w / s = [3, -1.25] -> [3, -1] -> [0.012, -0.004]
    expectClose(fq(kernel, perChannel, [2, 2]), [1.2, 0.012, -0.4, -0.004]);
    const before = tf.memory().numTensors;
    const x = tf.tensor(kernel, [2, 2]);
    const params = calibrateOnDevice(x, perChannel);
    x.dispose();
    expect(tf.memory().numTensors).toBe(before + 2); // exactly the scale and the zero point
    expect(params.scale.shape).toEqual([1, 2]);
    expect(params.axes).toEqual([0]);
    expectClose(params.scale, [0.4, 0.004]);
    expectClose(params.zeroPoint, [0, 0]);
    disposeParams(params);
    expect(tf.memory().numTensors).toBe(before);
  });

  test('per-tensor wipes out the small channel: s = 1.2 / 3 = 0.4 for both', () => {
    // ch1: w / s = [0.03, -0.0125] -> [0, 0]
    expectClose(fq(kernel, sym(3), [2, 2]), [1.2, 0, -0.4, 0]);
  });
});

describe('latent integers and codes (hot-path tensors, no read)', () => {
  test('u = x / s + z and x_int = clamp(round(u), n, p)', () => {
    // s = 0.5, z = 1 on [0, 3]: x = [-1, 0.2, 0.7, 2] -> u = [-1, 1.4, 2.4, 5] -> codes [0, 1, 2, 3]
    const p = manualParams(0.5, 1, 2, 'unsigned');
    const [u, dtype, codes] = expectNoLeak(() =>
      tf.tidy(() => {
        const x = tf.tensor([-1, 0.2, 0.7, 2]);
        const codes = integerCodes(x, p);
        return [
          Array.from(latentIntegers(x, p).dataSync()),
          codes.dtype,
          codes.dataSync(),
        ] as const;
      }),
    );
    expectClose(u, [-1, 1.4, 2.4, 5]);
    expect(dtype).toBe('int32');
    expect(Array.from(codes)).toEqual([0, 1, 2, 3]);
    disposeParams(p);
  });
});
