import { describe, expect, test, vi } from 'vitest';
import {
  deviceLostMessage,
  deviceLostReason,
  watchDeviceLoss,
  type DeviceLostInfo,
} from '../../src/engine/backend/device-loss';

/** A device whose `lost` promise the test settles. */
function fakeDevice() {
  let lose!: (info: DeviceLostInfo) => void;
  let fail!: (error: Error) => void;
  const lost = new Promise<DeviceLostInfo>((resolve, reject) => {
    lose = resolve;
    fail = reject;
  });
  return { device: { lost, destroy: () => undefined }, lose, fail };
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
const destroyed = { reason: 'destroyed', message: 'Device was destroyed.' };

describe('watchDeviceLoss', () => {
  test('calls back once with the loss info', async () => {
    const { device, lose } = fakeDevice();
    const onLost = vi.fn();
    watchDeviceLoss(device, onLost);
    lose(destroyed);
    await flush();
    expect(onLost).toHaveBeenCalledExactlyOnceWith(destroyed);
  });

  test('stays quiet once stopped (a switch or the engine destroy is not a loss)', async () => {
    const { device, lose } = fakeDevice();
    const onLost = vi.fn();
    const stop = watchDeviceLoss(device, onLost);
    stop();
    lose(destroyed);
    await flush();
    expect(onLost).not.toHaveBeenCalled();
  });

  test('a rejected lost promise is not a loss and is not left unhandled', async () => {
    const { device, fail } = fakeDevice();
    const onLost = vi.fn();
    watchDeviceLoss(device, onLost);
    fail(new Error('gone'));
    await flush();
    expect(onLost).not.toHaveBeenCalled();
  });
});

describe('device-lost sentences', () => {
  test('name the step, the reason, the new backend and what to do', () => {
    expect(deviceLostMessage(destroyed, 120, 'webgl')).toBe(
      'The GPU device was lost at step 120 (destroyed: Device was destroyed.). Switched to ' +
        'WebGL; the recipe and the metrics so far are kept — press Start to train again.',
    );
    expect(deviceLostMessage({ reason: 'unknown', message: '' }, null, 'cpu')).toMatch(
      /^The GPU device was lost \(unknown\)\. Switched to CPU;/,
    );
    expect(deviceLostMessage(destroyed, 3, null, 'no WebGL')).toMatch(
      /lost at step 3 .* No other backend could start: no WebGL$/,
    );
  });

  test('the backend reason says the device was lost, plus any fallback of the selection', () => {
    expect(deviceLostReason(destroyed, '')).toMatch(/WebGPU device was lost \(destroyed\)/);
    expect(deviceLostReason(destroyed, 'WebGL unavailable (x): running on CPU')).toMatch(
      /lost \(destroyed\); WebGL unavailable \(x\): running on CPU$/,
    );
  });
});
