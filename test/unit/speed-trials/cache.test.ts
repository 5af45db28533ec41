import { describe, expect, test } from 'vitest';
import {
  MAX_AGE_MS,
  readSpeedTrials,
  writeSpeedTrials,
} from '../../../src/store/speed-trial-cache';

/** An in-memory localStorage. */
function memoryStorage() {
  const items = new Map<string, string>();
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

const UA = 'Chromium/156';
const T0 = 1_800_000_000_000;
const trials = { cpu: { msPerStep: 160 }, webgpu: { msPerStep: 1020 } };

describe('speed trial cache (localStorage)', () => {
  test('what was written is read back in the same browser', () => {
    const storage = memoryStorage();
    expect(readSpeedTrials(storage, UA, T0)).toEqual({});
    writeSpeedTrials(storage, trials, UA, T0);
    expect(readSpeedTrials(storage, UA, T0 + 1000)).toEqual(trials);
  });

  test('stale: older than the maximum age, another browser build, or from the future', () => {
    const storage = memoryStorage();
    writeSpeedTrials(storage, trials, UA, T0);
    expect(readSpeedTrials(storage, UA, T0 + MAX_AGE_MS)).toEqual(trials);
    expect(readSpeedTrials(storage, UA, T0 + MAX_AGE_MS + 1)).toEqual({});
    expect(readSpeedTrials(storage, 'Chromium/157', T0 + 1)).toEqual({});
    expect(readSpeedTrials(storage, UA, T0 - 1)).toEqual({});
  });

  test('a corrupt or foreign entry reads as none, never throws', () => {
    for (const raw of [
      '{',
      '"x"',
      '{"version":99}',
      JSON.stringify({
        version: 1,
        userAgent: UA,
        measuredAt: T0,
        trials: { cpu: { msPerStep: -1 } },
      }),
    ]) {
      const storage = memoryStorage();
      storage.items.set('quantlab.speedTrials', raw);
      expect(readSpeedTrials(storage, UA, T0)).toEqual({});
    }
  });

  test('a new trial keeps the fresh trials of other backends; a full storage is ignored', () => {
    const storage = memoryStorage();
    writeSpeedTrials(storage, { cpu: { msPerStep: 150 }, webgl: { msPerStep: 400 } }, UA, T0);
    writeSpeedTrials(storage, { cpu: { msPerStep: 160 }, webgpu: { msPerStep: 900 } }, UA, T0 + 5);
    expect(readSpeedTrials(storage, UA, T0 + 10)).toEqual({
      cpu: { msPerStep: 160 },
      webgl: { msPerStep: 400 },
      webgpu: { msPerStep: 900 },
    });
    const full = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => writeSpeedTrials(full, trials, UA, T0)).not.toThrow();
  });
});
