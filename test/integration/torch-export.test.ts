/**
 * Issue 18's cross-check: the exported train.py, run by python3 + torch on the lab's own initial
 * weights and batches, against the lab's engine on the CPU backend. Step 1: the total loss,
 * every technique's term and every variable's gradient within 1e-4 relative; 20 steps: every
 * step's loss within 1e-3 relative.
 */
import { describe, expect, test } from 'vitest';
import { labBatches } from '../../src/engine/export/torch/lab-state';
import type { StateBatch } from '../../src/engine/export/torch/state-files';
import type { Recipe } from '../../src/settings/schema';
import { testRecipe } from '../helpers/node-engine';
import {
  exportWithState,
  labFirstStep,
  labSteps,
  pythonCheck,
  pythonPtq,
  relativeError,
  writeState,
} from '../helpers/torch-check';
import {
  BASE,
  crossCheckEnv,
  DATA_ASSET,
  GRAD_TOLERANCE,
  LOSS_TOLERANCE,
  STEPS,
} from '../helpers/cross-check-env';
import { expectFirstStepAgrees } from '../helpers/first-step-agreement';

const CASES: Record<string, Partial<Recipe>> = {
  baseline: {},
  'sgd-momentum, step schedule': {
    optimizer: 'momentum',
    lrSchedule: 'step',
    learningRate: 0.05,
    ptqGranularity: 'per-tensor',
    ptqRange: 'min-max',
  },
  'R2 L-inf': { r2: 'linf', r2Weight: 0.1 },
  'R2 Margin': { r2: 'margin', r2Weight: 0.1 },
  'R2 Soft-min-max': { r2: 'soft-min-max', r2Weight: 0.1 },
  KURE: { kure: 'on', ptqScheme: 'asymmetric', ptqRange: 'min-max', firstLast8: 'on' },
  'KURE on all layers': { kure: 'on', kureLayers: 'all' },
  'all together': { r2: 'soft-min-max', r2Weight: 0.1, kure: 'on' },
};

/**
 * Cases whose PTQ sweep is cross-checked too, one per weight quantizer: symmetric per-channel
 * MSE (the default), per-tensor min-max, asymmetric min-max with first/last at 8 bit. (The
 * asymmetric MSE search, 100 x 2^b/2 candidates per layer and width, would take most of a minute.)
 */
const PTQ_CASES = new Set(['baseline', 'sgd-momentum, step schedule', 'KURE']);

const env = crossCheckEnv();

describe('the exported train.py agrees with the lab', () => {
  test.each(Object.entries(CASES))('%s', async (name, overrides) => {
    const { data, python } = env;
    const recipe = testRecipe({ ...BASE, ...overrides });
    const batches: StateBatch[] = await labBatches(
      data.train,
      recipe.batchSize,
      recipe.seed,
      STEPS,
    );
    const dir = env.tempDir('torch-export-');
    await exportWithState(dir, recipe, data, batches);
    const torch = pythonCheck(python, dir, STEPS);
    const lab = await labFirstStep(recipe, data, batches[0]!);

    const worstGrad = expectFirstStepAgrees(lab, torch, GRAD_TOLERANCE);

    const lab20 = await labSteps(recipe, data, STEPS, PTQ_CASES.has(name));
    const lossErrors = lab20.losses.map((s, i) => relativeError([s.loss], [torch.steps[i]!.loss]));
    expect(Math.max(...lossErrors)).toBeLessThan(LOSS_TOLERANCE);

    // PTQ of the same final weights (the lab's): within one test image at every width.
    let flips: number[] = [];
    if (PTQ_CASES.has(name)) {
      writeState(dir, lab20.trained);
      const ptq = pythonPtq(python, dir, DATA_ASSET);
      expect(ptq.ptq.map((p) => p.bits)).toEqual(lab20.ptq.map((p) => p.bits));
      flips = lab20.ptq.map((p, i) =>
        Math.round(Math.abs(p.accuracy - ptq.ptq[i]!.accuracy) * recipe.testExamples),
      );
      expect(Math.max(...flips)).toBeLessThanOrEqual(1);
    }
    console.log(
      `${name}: worst gradient ${worstGrad[0]} ${worstGrad[1].toExponential(2)}, ` +
        `step-1 loss ${lab.loss.toFixed(5)}, ${STEPS}-step loss error max ${Math.max(...lossErrors).toExponential(2)}, ` +
        `PTQ images apart per width: ${flips.join(' ') || 'not checked'}`,
    );
  });
});
