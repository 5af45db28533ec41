// What every PyTorch cross-check suite shares: its criteria, its base recipe, python with torch,
// MNIST on tfjs's CPU backend, and temporary export folders removed afterwards.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { DeviceData } from '../../src/engine/backend-data';
import { disposeSplit, uploadDataset } from '../../src/engine/data/device-data';
import type { Recipe } from '../../src/settings/schema';
import { loadAssetFromDisk } from './load-asset';
import { nodeEnv } from './node-engine';
import { torchPython } from './torch-check';

/** Issue 18's criteria: step 1 within 1e-4 relative, 20 steps' losses within 1e-3. */
export const STEPS = 20;
export const GRAD_TOLERANCE = 1e-4;
export const LOSS_TOLERANCE = 1e-3;
export const DATA_ASSET = join(import.meta.dirname, '../../public/data/mnist.qlds');

/** Short runs: 40 steps so the warm-up (5 steps) and R2's ramp (5 % = 2 steps) both show. */
export const BASE: Partial<Recipe> = {
  batchSize: 16,
  steps: 40,
  warmupSteps: 5,
  seed: 3,
  kureWeight: 1,
  testExamples: 500,
};

export interface CrossCheckEnv {
  /** MNIST on the device, from beforeAll on. */
  readonly data: DeviceData;
  /** The python that imports torch, from beforeAll on. */
  readonly python: string;
  /** A new temporary folder, removed after the suite. */
  tempDir(prefix: string): string;
}

/**
 * Registers the suite's beforeAll/afterAll. `fastCpuKernels`: the lab's fast CPU kernels, as the
 * lab trains in Node; off for QAT, whose --check (LAB_ARITHMETIC) rounds as tfjs's stock kernels.
 */
export function crossCheckEnv({ fastCpuKernels = true } = {}): CrossCheckEnv {
  let data: DeviceData | undefined;
  let python: string | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    python = torchPython();
    await nodeEnv.selectBackend('cpu');
    if (fastCpuKernels) nodeEnv.onBackendActive?.('cpu');
    const dataset = await loadAssetFromDisk('mnist');
    data = { ...uploadDataset(dataset), numClasses: dataset.numClasses, imageSize: dataset.rows };
  });
  afterAll(() => {
    if (data) [data.train, data.test].forEach(disposeSplit);
    dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
  });
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('crossCheckEnv: used before beforeAll ran');
    return value;
  };
  return {
    get data() {
      return ready(data);
    },
    get python() {
      return ready(python);
    },
    tempDir(prefix) {
      const dir = mkdtempSync(join(tmpdir(), prefix));
      dirs.push(dir, `${dir}-perturbed`);
      return dir;
    },
  };
}
