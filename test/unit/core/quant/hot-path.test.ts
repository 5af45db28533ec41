// The hot path (calibrateOnDevice + fakeQuant + its gradient) never reads from the device.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test, vi } from 'vitest';
import { calibrate, calibrateOnDevice } from '../../../../src/core/quant/calibrate';
import { fakeQuant } from '../../../../src/core/quant/fake-quant';
import { disposeParams, type QuantizerConfig } from '../../../../src/core/quant/params';
import { expectNoLeak } from './helpers';

const configs: QuantizerConfig[] = [
  { bits: 4, scheme: 'symmetric', granularity: 'per-channel', kind: 'conv2d', range: 'min-max' },
  { bits: 3, scheme: 'asymmetric', granularity: 'per-tensor', range: 'mse', candidates: 10 },
];

describe('calibrateOnDevice', () => {
  test.each(configs)('no device read in a training step, same params as calibrate (%o)', (c) => {
    const w = tf.randomNormal([3, 3, 2, 4], 0, 0.2, 'float32', 7);
    // Every user-level read (dataSync, data, array...) goes through the engine; the CPU backend's
    // own kernels read their buffers directly, which is not a device-to-host transfer.
    const engine = tf.engine();
    const readSync = vi.spyOn(engine, 'readSync');
    const read = vi.spyOn(engine, 'read');
    const [fromDevice, fromCalibrate] = expectNoLeak(() =>
      tf.tidy(() => {
        const g = tf.grad((x: tf.Tensor) => {
          const p = calibrateOnDevice(x, c);
          return tf.sum(tf.square(fakeQuant(x, p)));
        })(w);
        expect(readSync).not.toHaveBeenCalled();
        expect(read).not.toHaveBeenCalled();
        expect(g.shape).toEqual(w.shape);
        const a = calibrateOnDevice(w, c);
        const b = calibrate(w, c);
        expect(readSync).toHaveBeenCalled(); // the spy sees calibrate's validation read
        const out = [a.scale.dataSync(), b.scale.dataSync()];
        disposeParams(a);
        disposeParams(b);
        return out;
      }),
    );
    expect(Array.from(fromDevice!)).toEqual(Array.from(fromCalibrate!));
    readSync.mockRestore();
    read.mockRestore();
    w.dispose();
  });

  test('refuses the data-dependent unsigned switch and empty tensors', () => {
    const w = tf.ones([2, 2]);
    const empty = tf.tensor([], [0, 2]);
    const c = configs[0]!;
    expect(() => calibrateOnDevice(w, { ...c, unsignedWhenNonNegative: true })).toThrowError(
      /device read/,
    );
    expect(() => calibrateOnDevice(empty, { ...c, granularity: 'per-tensor' })).toThrowError(
      /empty/,
    );
    expect(() => calibrateOnDevice(w, { ...c, bits: 0 })).toThrowError(/bits/);
    tf.dispose([w, empty]);
  });
});
