/**
 * Issue 18's cross-check: the exported train.py, run by python3 + torch on the lab's own initial
 * weights and batches, against the lab's engine on the CPU backend. Step 1: the total loss,
 * every technique's term and every variable's gradient within 1e-4 relative; 20 steps: every
 * step's loss within 1e-3 relative.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DeviceData } from '../../src/engine/backend-data';
import { disposeSplit, uploadDataset } from '../../src/engine/data/device-data';
import { labBatches } from '../../src/engine/export/torch/lab-state';
import type { StateBatch } from '../../src/engine/export/torch/state-files';
import type { Recipe } from '../../src/settings/schema';
import { loadAssetFromDisk } from '../helpers/load-asset';
import { nodeEnv, testRecipe } from '../helpers/node-engine';
import {
  exportWithState,
  labFirstStep,
  labSteps,
  pythonCheck,
  relativeError,
  torchPython,
} from '../helpers/torch-check';

const STEPS = 20;
const GRAD_TOLERANCE = 1e-4;
const LOSS_TOLERANCE = 1e-3;

/** Short runs: 40 steps so the warm-up (5 steps) and R2's ramp (5 % = 2 steps) both show. */
const BASE: Partial<Recipe> = {
  batchSize: 16,
  steps: 40,
  warmupSteps: 5,
  seed: 3,
  ptqAtEnd: 'off',
  kureWeight: 1,
};

const CASES: Record<string, Partial<Recipe>> = {
  baseline: {},
  'sgd-momentum, step schedule': { optimizer: 'momentum', lrSchedule: 'step', learningRate: 0.05 },
  'R2 L-inf': { r2: 'linf', r2Weight: 0.1 },
  'R2 Margin': { r2: 'margin', r2Weight: 0.1 },
  'R2 Soft-min-max': { r2: 'soft-min-max', r2Weight: 0.1 },
  KURE: { kure: 'on' },
  'KURE on all layers': { kure: 'on', kureLayers: 'all' },
  'all together': { r2: 'soft-min-max', r2Weight: 0.1, kure: 'on' },
};

let data: DeviceData;
let python: string;
const dirs: string[] = [];

beforeAll(async () => {
  python = torchPython();
  await nodeEnv.selectBackend('cpu');
  nodeEnv.onBackendActive?.('cpu');
  const dataset = await loadAssetFromDisk('mnist');
  data = { ...uploadDataset(dataset), numClasses: dataset.numClasses, imageSize: dataset.rows };
});
afterAll(() => {
  if (data) [data.train, data.test].forEach(disposeSplit);
  dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

describe('the exported train.py agrees with the lab', () => {
  test.each(Object.entries(CASES))('%s', async (name, overrides) => {
    const recipe = testRecipe({ ...BASE, ...overrides });
    const batches: StateBatch[] = await labBatches(
      data.train,
      recipe.batchSize,
      recipe.seed,
      STEPS,
    );
    const dir = mkdtempSync(join(tmpdir(), 'torch-export-'));
    dirs.push(dir);
    await exportWithState(dir, recipe, data, batches);
    const torch = pythonCheck(python, dir, STEPS);
    const lab = await labFirstStep(recipe, data, batches[0]!);

    expect(Object.keys(torch.terms)).toEqual(Object.keys(lab.terms));
    expect(Object.keys(torch.grads).sort()).toEqual(Object.keys(lab.grads).sort());
    const termErrors = Object.entries(lab.terms).map(([k, v]) =>
      relativeError([v], [torch.terms[k]!]),
    );
    const gradErrors = Object.entries(lab.grads).map(
      ([k, g]) => [k, relativeError(g, torch.grads[k]!)] as const,
    );
    const worstGrad = gradErrors.reduce((a, b) => (b[1] > a[1] ? b : a));
    expect(relativeError([lab.loss], [torch.loss])).toBeLessThan(GRAD_TOLERANCE);
    expect(Math.max(...termErrors)).toBeLessThan(GRAD_TOLERANCE);
    expect(Object.fromEntries(gradErrors.filter(([, e]) => e >= GRAD_TOLERANCE))).toEqual({});

    const labLosses = (await labSteps(recipe, data, STEPS)).map((s) => s.loss);
    const lossErrors = labLosses.map((l, i) => relativeError([l], [torch.steps[i]!.loss]));
    expect(Math.max(...lossErrors)).toBeLessThan(LOSS_TOLERANCE);
    console.log(
      `${name}: worst gradient ${worstGrad[0]} ${worstGrad[1].toExponential(2)}, ` +
        `step-1 loss ${lab.loss.toFixed(5)}, ${STEPS}-step loss error max ${Math.max(...lossErrors).toExponential(2)}`,
    );
  });
});
