/**
 * One backend's measurements, the same code in the bench page's worker and in Node: the bare
 * loop, the lab engine on float training, the lab engine on LSQ+ W4A4 QAT, timed in alternating
 * windows, and one profiled step of each.
 */
import * as tf from '@tensorflow/tfjs';
import { disposeSplit, uploadDataset, type DeviceSplit } from '../engine/data/device-data';
import type { EngineEnv } from '../engine/engine';
import type { Recipe } from '../settings/schema';
import { createSession } from '../engine/training/session';
import { defaultRecipe } from '../settings/schema';
import { createBareLoop, engineModel } from './bare-loop';
import type { BenchPlan, StepProfile, SuiteResult } from './bench-types';
import { engineTiming, median } from './engine-timing';
import { pacedEngine } from './paced-engine';

/** Untimed steps before a step is profiled. */
const PROFILE_WARMUP = 2;

/** The recipes compared: the defaults with only backend, batch and steps set, and QAT on top. */
export function benchRecipes(plan: BenchPlan): { fp: Recipe; qat: Recipe } {
  const fp: Recipe = {
    ...defaultRecipe(),
    backend: plan.backend,
    batchSize: plan.batchSize,
    steps: plan.warmupSteps + plan.measuredSteps,
  };
  if (plan.testExamples !== null) fp.testExamples = plan.testExamples;
  if (!plan.endSweep) fp.ptqAtEnd = 'off';
  // The end-of-run PTQ sweep is timed on the float run; the QAT run skips it to save time.
  return { fp, qat: { ...fp, qat: 'lsq+', wBits: 4, aBits: '4', ptqAtEnd: 'off' } };
}

/** Kernel count, kernel time and new tensors of one call of `run` under `tf.profile`. */
async function profile(run: () => void): Promise<StepProfile> {
  const info = await tf.profile(run);
  const times = await Promise.all(info.kernels.map((k) => k.kernelTimeMs));
  const numeric = times.every((t) => typeof t === 'number');
  const byKernel: Record<string, number> = {};
  for (const k of info.kernels) byKernel[k.name] = (byKernel[k.name] ?? 0) + 1;
  return {
    byKernel,
    kernels: info.kernels.length,
    kernelMs: numeric ? (times as number[]).reduce((a, b) => a + b, 0) : null,
    newTensors: info.newTensors,
  };
}

/** One profiled step of the engine's own training session for `recipe` (after a warm-up). */
async function profileSession(
  recipe: Recipe,
  data: { train: DeviceSplit; test: DeviceSplit; numClasses: number; imageSize: number },
): Promise<StepProfile> {
  const model = engineModel(recipe, data.imageSize, data.numClasses);
  const session = await createSession({ model, ...data, recipe });
  try {
    for (let i = 0; i < PROFILE_WARMUP; i++) session.step();
    await session.readTrainWindow();
    return await profile(() => session.step());
  } finally {
    session.dispose();
    model.dispose();
  }
}

/**
 * Measure `plan` on `env`; `log` hears progress lines. After every loop's warm-up, each round
 * times one bare chunk, one float engine window and one QAT engine window, each of
 * `metricsEvery` steps, back to back: the ratios are taken within a round, where the machine's
 * other work weighs on all three alike.
 */
export async function runSuite(
  env: EngineEnv,
  plan: BenchPlan,
  log: (line: string) => void,
): Promise<SuiteResult> {
  const recipes = benchRecipes(plan);
  const choice = await env.selectBackend(plan.backend);
  env.onBackendActive?.(choice.backend);
  log(`backend ${choice.backend}${choice.reason ? ` (${choice.reason})` : ''}`);
  const raw = await env.loadDataset(recipes.fp.dataset);
  // The engines load the same decoded data set instead of fetching it again.
  const engineEnv: EngineEnv = { ...env, loadDataset: () => Promise.resolve(raw) };
  const data = { ...uploadDataset(raw), numClasses: raw.numClasses, imageSize: raw.rows };
  const bare = createBareLoop(recipes.fp, data.train, data.imageSize, data.numClasses);
  const fp = pacedEngine(engineEnv, recipes.fp);
  const qat = pacedEngine(engineEnv, recipes.qat);
  const { warmupSteps: warmup, measuredSteps: measured } = plan;
  const every = recipes.fp.metricsEvery;
  const windows = { bare: [] as number[], fp: [] as number[], qat: [] as number[] };
  try {
    log(`warm-up: bare ${(await bare.time(warmup)).toFixed(0)} ms for ${warmup} steps`);
    await fp.warmUp(warmup);
    await qat.warmUp(warmup);
    for (let round = 1; round <= Math.max(1, Math.round(measured / every)); round++) {
      windows.bare.push(await bare.time(every));
      windows.fp.push(await fp.window(every));
      windows.qat.push(await qat.window(every));
      const last = (w: number[]) => `${(w[w.length - 1]! / every).toFixed(1)}`;
      log(
        `round ${round}: bare ${last(windows.bare)}, lab ${last(windows.fp)}, ` +
          `QAT ${last(windows.qat)} ms/step`,
      );
    }
    const fpTiming = engineTiming(fp.stamps, windows.fp, warmup, every);
    if (fpTiming.ptqMs !== null) log(`PTQ sweep ${fpTiming.ptqMs.toFixed(0)} ms`);
    for (let i = 0; i < PROFILE_WARMUP; i++) bare.step().dispose();
    const profiles = {
      bare: await profile(() => bare.step().dispose()),
      engine: await profileSession(recipes.fp, data),
      qat: await profileSession(recipes.qat, data),
    };
    return {
      requested: plan.backend,
      backend: choice.backend,
      backendReason: choice.reason,
      plan,
      metricsEvery: every,
      evalEvery: recipes.fp.evalEvery,
      bareMsPerStep: median(windows.bare) / every,
      bareWindowsMs: windows.bare,
      fp: fpTiming,
      qat: engineTiming(qat.stamps, windows.qat, warmup, every),
      profile: profiles,
    };
  } finally {
    await fp.destroy();
    await qat.destroy();
    bare.dispose();
    disposeSplit(data.train);
    disposeSplit(data.test);
  }
}
