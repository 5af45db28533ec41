/**
 * Issue 18's cross-check for quantization-aware training: the exported train.py with LSQ / LSQ+,
 * oscillation tracking, dampening and freezing (small CNN, MobileNet-tiny and ResNet-tiny), run by
 * python3 + torch on the lab's own initial weights, calibration batch and batches, against the
 * lab's engine on the CPU backend. As in torch-export.test.ts: step 1's total loss, every term and
 * every variable's gradient (weights, each quantizer's s and beta) within 1e-4 relative. The
 * 20-step criterion does not hold under QAT (see STRICT below).
 */
import { describe, expect, test } from 'vitest';
import { labBatches } from '../../src/engine/export/torch/lab-state';
import type { Recipe } from '../../src/settings/schema';
import { testRecipe } from '../helpers/node-engine';
import {
  exportWithState,
  labFirstStep,
  labSteps,
  perturbedCopy,
  pythonCheck,
  relativeError,
} from '../helpers/torch-check';
import {
  BASE,
  crossCheckEnv,
  GRAD_TOLERANCE,
  LOSS_TOLERANCE,
  STEPS,
} from '../helpers/cross-check-env';
import { expectFirstStepAgrees } from '../helpers/first-step-agreement';

/**
 * Issue 18's 20-step criterion (losses within 1e-3, the same weights frozen) does NOT hold for
 * QAT, and cannot: step 1 agrees to 1e-5, but each step rounds the weights onto the grid, so a
 * last-bit difference in a gradient flips a weight to the next level a step earlier on one side,
 * and the trajectories part. What is asserted instead, for the cases whose lab steps run: the lab
 * and train.py stay as close as train.py stays to itself when its initial kernels move by
 * PERTURBATION relative (a few float32 ulps), within NOISE_FACTOR. Set TORCH_QAT_STRICT=1 to
 * assert the issue's criterion anyway (and run the lab's 20 steps for every case).
 */
const STRICT = process.env.TORCH_QAT_STRICT === '1';
const PERTURBATION = 1e-6;
const NOISE_FACTOR = 3;

/** The shared BASE without a PTQ sweep or tracking; QAT steps at the lab's default quantizer rate. */
const QAT_BASE: Partial<Recipe> = { ...BASE, ptqAtEnd: 'off', trackOscillations: 'off' };

/** Dampening from the first step (oscStart 0), strong enough to show in step 1's gradients. */
const DAMPENING: Partial<Recipe> = { trackOscillations: 'on', dampening: 10, oscStart: 0 };

/**
 * Freezing within 20 steps: a fast frequency EMA (m = 0.2, one oscillation gives f = 0.2) and
 * low thresholds from step 2 (oscStart 0.05 of 40 steps) at 2 bits, where the grid is coarse.
 */
const FREEZING: Partial<Recipe> = {
  freezing: 'on',
  oscStart: 0.05,
  oscMomentum: 0.2,
  freezeThresholdStart: 0.1,
  freezeThreshold: 0.05,
};

const CASES: Record<string, Partial<Recipe>> = {
  'LSQ W4': { qat: 'lsq', wBits: 4 },
  'LSQ W4A4': { qat: 'lsq', wBits: 4, aBits: '4' },
  'LSQ+ W4A4 config 1': { qat: 'lsq+', aBits: '4', lsqPlusConfig: 'unsigned-symmetric' },
  'LSQ+ W4A4 config 2': { qat: 'lsq+', aBits: '4', lsqPlusConfig: 'signed-symmetric' },
  'LSQ+ W4A4 config 3': { qat: 'lsq+', aBits: '4', lsqPlusConfig: 'unsigned-asymmetric' },
  'LSQ+ W4A4 config 4': { qat: 'lsq+', aBits: '4', lsqPlusConfig: 'signed-asymmetric' },
  'LSQ W4 first/last 8, tracking + dampening': { qat: 'lsq', firstLast8: 'on', ...DAMPENING },
  'LSQ W2 freezing': { qat: 'lsq', wBits: 2, ...FREEZING },
  'MobileNet-tiny swish, LSQ+ W4A4 config 4': {
    model: 'mobilenet-tiny',
    activation: 'swish',
    qat: 'lsq+',
    aBits: '4',
    lsqPlusConfig: 'signed-asymmetric',
  },
  'ResNet-tiny, LSQ W4A4, tracking + dampening': {
    model: 'resnet-tiny',
    qat: 'lsq',
    aBits: '4',
    ...DAMPENING,
  },
  'all together': {
    r2: 'soft-min-max',
    r2Weight: 0.1,
    kure: 'on',
    qat: 'lsq+',
    wBits: 2,
    aBits: '4',
    ...DAMPENING,
    ...FREEZING,
  },
};

/** Cases that must freeze some weights within the 20 steps, on both sides. */
const FREEZES = new Set(['LSQ W2 freezing', 'all together']);

// tfjs's stock CPU kernels, not the lab's fast ones: --check's LAB_ARITHMETIC rounds as they do.
const env = crossCheckEnv({ fastCpuKernels: false });

describe('the exported train.py trains QAT as the lab does', () => {
  test.each(Object.entries(CASES))('%s', async (name, overrides) => {
    const { data, python } = env;
    const recipe = testRecipe({ ...QAT_BASE, ...overrides });
    const batches = await labBatches(data.train, recipe.batchSize, recipe.seed, STEPS);
    const dir = env.tempDir('torch-export-qat-');
    await exportWithState(dir, recipe, data, batches);
    const torch = pythonCheck(python, dir, STEPS);
    const lab = await labFirstStep(recipe, data, batches[0]!);

    const worstGrad = expectFirstStepAgrees(lab, torch, GRAD_TOLERANCE);
    // The lab's 20 steps (slow on the stock kernels): for the freezing cases, or all under STRICT.
    const lab20 =
      STRICT || FREEZES.has(name) ? await labSteps(recipe, data, STEPS, false) : undefined;
    const lossErrors = (lab20?.losses ?? []).map((s, i) =>
      relativeError([s.loss], [torch.steps[i]!.loss]),
    );
    // train.py against itself with rounding-sized changes to its initial kernels.
    const noisy = lab20 ? pythonCheck(python, perturbedCopy(dir, PERTURBATION), STEPS) : undefined;
    const noiseFloor = Math.max(
      0,
      ...(noisy?.steps ?? []).map((s, i) => relativeError([s.loss], [torch.steps[i]!.loss])),
    );
    // Weights frozen after the 20 steps, per tracked layer, on both sides.
    const labOsc = lab20?.reports.find((r) => r.technique === 'oscillation')?.layers ?? [];
    const torchOsc = torch.oscillation ?? [];
    const labFrozen = labOsc.map((l, i) =>
      Math.round((l.values.frozen ?? 0) * (torchOsc[i]?.weights ?? 0)),
    );
    console.log(
      `${name}: worst gradient ${worstGrad[0]} ${worstGrad[1].toExponential(2)}, ` +
        `step-1 loss ${lab.loss.toFixed(5)}, ${STEPS}-step loss error max ` +
        (lab20
          ? `${Math.max(...lossErrors).toExponential(2)} (train.py against itself, kernels moved ` +
            `${PERTURBATION}: ${noiseFloor.toExponential(2)}), `
          : 'not run, ') +
        `frozen per layer lab ${labFrozen.join(' ')} / torch ${torchOsc.map((l) => l.frozenCount).join(' ')}`,
    );

    if (FREEZES.has(name)) {
      expect(torchOsc.map((l) => l.name)).toEqual(labOsc.map((l) => l.name));
      expect(labFrozen.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
      expect(torchOsc.reduce((a, l) => a + l.frozenCount, 0)).toBeGreaterThan(0);
    }
    if (lab20) expect(Math.max(...lossErrors)).toBeLessThan(NOISE_FACTOR * noiseFloor);
    if (STRICT) {
      expect(Math.max(...lossErrors)).toBeLessThan(LOSS_TOLERANCE);
      expect(torchOsc.map((l) => l.frozenCount)).toEqual(labFrozen);
    }
  });
});
