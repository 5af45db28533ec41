/**
 * The Node half of `npm run bench`: the same suite as the bench page (src/bench/suite.ts) on the
 * engine's Node environment (CPU backend, fast kernels, data from public/data), and the number of
 * steps the default recipe needs to reach a test accuracy.
 */
import { createEngine } from '../../src/engine/engine';
import type { BenchPlan, SuiteResult } from '../../src/bench/bench-types';
import { runSuite } from '../../src/bench/suite';
import type { Recipe } from '../../src/settings/schema';
import { defaultRecipe, SETTINGS } from '../../src/settings/schema';
import { nodeEnv } from './node-env';

/** The suite in this process, on the CPU backend with the fast kernels. */
export function runNodeSuite(plan: BenchPlan): Promise<SuiteResult> {
  return runSuite(nodeEnv, plan, (line) => console.log(`  [node] ${line}`));
}

/** When the default recipe first reached the target test accuracy. */
export interface AccuracyRun {
  target: number;
  /** First evaluated step with test accuracy >= target, or null. */
  reachedAt: number | null;
  /** Best test accuracy seen and its step. */
  best: { step: number; accuracy: number };
  /** Steps trained (the run stops once the target is reached). */
  stepsRun: number;
  config: Pick<Recipe, 'steps' | 'evalEvery' | 'testExamples' | 'batchSize'>;
  /** Test images evaluated each time (the whole test split). */
  testCount: number;
  seconds: number;
}

/**
 * Train the defaults with test accuracy every `evalEvery` steps on the whole test split, until
 * `target` is reached or the default number of steps is done. The PTQ sweep at the end is off:
 * it runs after the last step and cannot change the accuracy curve.
 */
export async function stepsToAccuracy(target: number, evalEvery: number): Promise<AccuracyRun> {
  const config: Recipe = {
    ...defaultRecipe(),
    evalEvery,
    testExamples: SETTINGS.testExamples.max,
    ptqAtEnd: 'off',
  };
  const started = performance.now();
  const best = { step: 0, accuracy: 0 };
  let reachedAt: number | null = null;
  let stepsRun = 0;
  let testCount = 0;
  let settle!: (error: string | null) => void;
  const ended = new Promise<string | null>((resolve) => (settle = resolve));
  const engine = createEngine(nodeEnv, (event) => {
    if (event.type === 'dataset') testCount = event.testCount;
    if (event.type === 'train-metrics') stepsRun = event.step;
    if (event.type === 'test-metrics') {
      if (event.testAccuracy > best.accuracy)
        Object.assign(best, { step: event.step, accuracy: event.testAccuracy });
      if (reachedAt === null && event.testAccuracy >= target) {
        reachedAt = event.step;
        void engine.handle({ type: 'pause' });
      }
    }
    if (event.type === 'error') settle(`${event.kind}: ${event.message}`);
    if (event.type === 'phase' && ['finished', 'paused'].includes(event.phase)) settle(null);
    if (event.type === 'phase' && event.phase === 'failed') settle(event.message);
  });
  try {
    await engine.handle({ type: 'start', recipe: config });
    const error = await ended;
    if (error) throw new Error(`The accuracy run failed: ${error}`);
  } finally {
    await engine.destroy();
  }
  const { steps, testExamples, batchSize } = config;
  return {
    target,
    reachedAt,
    best,
    stepsRun,
    config: { steps, evalEvery, testExamples, batchSize },
    testCount,
    seconds: (performance.now() - started) / 1000,
  };
}
