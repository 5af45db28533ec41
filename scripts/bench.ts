/**
 * `npm run bench`: the lab against bare TensorFlow.js and against its targets. Builds the lab
 * and the bench page into node_modules/.cache/quantlab-bench/, then measures (1) lab step / bare step, (2) QAT / FP step,
 * (3) PTQ sweep / training time in Node and in headless Chromium (WebGPU, WebGL, CPU), (4) the
 * main thread while the built lab trains, (5) its initial download and startup, and (6) steps to
 * 97 % MNIST test accuracy, (7) a sweep's throughput on 1 and 2 child processes, (8) how soon a
 * preset's payoff shows, recorded and live, and writes the results into docs/performance.md (section
 * "Benchmark: lab vs bare tfjs", between the bench markers). Downloads nothing.
 *
 * Options: `--only node,browser,app,bundle,accuracy,sweep,payoff` runs a subset and `--quick` runs short
 * versions; both print the report without writing the doc. `--render` measures nothing and
 * writes the doc again from the last run's results (after a change to the report's wording).
 */
import * as tf from '@tensorflow/tfjs';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import type { BenchPlan } from '../src/bench/bench-types';
import { defaultRecipe } from '../src/settings/schema';
import { measureApp } from './lib/bench-app';
import { BENCH_OUT, buildAll } from './lib/bench-build';
import { bundleSizes } from './lib/bench-bundle';
import { machineInfo, writeBenchSection } from './lib/bench-doc';
import { runNodeSuite, stepsToAccuracy } from './lib/bench-node';
import { chromiumVersion, runBrowserSuites } from './lib/bench-page';
import { renderReport } from './lib/bench-report';
import { measureSweepThroughput } from './lib/bench-sweep';
import { measurePayoff } from './lib/bench-payoff';
import {
  isFailed,
  type BenchResults,
  type CadenceDefaults,
  type Failed,
} from './lib/bench-results';

const PARTS = ['node', 'browser', 'app', 'bundle', 'accuracy', 'sweep', 'payoff'] as const;
type Part = (typeof PARTS)[number];

const argValue = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const quick = process.argv.includes('--quick');
const render = process.argv.includes('--render');
const only = argValue('only')?.split(',') as Part[] | undefined;
const unknown = only?.filter((part) => !PARTS.includes(part));
if (unknown?.length) throw new Error(`--only: unknown part ${unknown} (parts: ${PARTS})`);
const runs = (part: Part) => !only || only.includes(part);

const defaults = defaultRecipe();
const cadence: CadenceDefaults = {
  optimizer: defaults.optimizer,
  learningRate: defaults.learningRate,
  lrSchedule: defaults.lrSchedule,
  warmupSteps: defaults.warmupSteps,
  steps: defaults.steps,
  batchSize: defaults.batchSize,
  metricsEvery: defaults.metricsEvery,
  evalEvery: defaults.evalEvery,
  testExamples: defaults.testExamples,
  ptqEvery: defaults.ptqEvery,
};
const every = cadence.metricsEvery;
/** Measured windows of `every` steps per engine run: quick runs take one. */
const windows = (n: number) => (quick ? 1 : n) * every;

/** CPU: the default batch and test set. */
const NODE_PLAN: BenchPlan = {
  backend: 'cpu',
  batchSize: cadence.batchSize,
  warmupSteps: every,
  measuredSteps: windows(4),
  testExamples: null,
  endSweep: true,
};
/** SwiftShader's WebGPU and WebGL are far slower than its CPU backend here (see the doc). */
const BROWSER_PLANS: BenchPlan[] = [
  { ...NODE_PLAN, backend: 'cpu', measuredSteps: windows(3) },
  {
    backend: 'webgl',
    batchSize: 16,
    warmupSteps: every,
    measuredSteps: windows(3),
    testExamples: 100,
    endSweep: false,
  },
  {
    backend: 'webgpu',
    batchSize: 16,
    warmupSteps: every,
    measuredSteps: windows(2),
    testExamples: 100,
    endSweep: false,
  },
];
/** Every plot fed: QAT (quantizer and oscillation plots), KURE (loss terms), PTQ on a cadence. */
const APP_RECIPE = 'backend=cpu&qat=lsq%2B&wb=4&ab=4&kure=on&ptq=40&steps=5000';
const APP_SECONDS = quick ? 15 : 40;
const BROWSER_TIMEOUT_MS = 420_000;
/** The last run's raw results (`--render` writes the doc from them again). */
const RESULTS = `${BENCH_OUT}/results.json`;

async function attempt<T extends object>(what: string, run: () => Promise<T>): Promise<T | Failed> {
  const started = performance.now();
  console.log(`\n${what}…`);
  try {
    return await run();
  } catch (error) {
    console.log(`  failed: ${String(error)}`);
    return { error: error instanceof Error ? error.message : String(error) };
  } finally {
    console.log(`  ${what}: ${((performance.now() - started) / 1000).toFixed(0)} s`);
  }
}

const skipped: Failed = { error: 'not run (--only)' };

/** Build, then measure every part asked for; a failed part is reported, not fatal. */
async function measure(): Promise<BenchResults> {
  const started = performance.now();
  // The sweep and the Node parts need no build and no browser: a run of only those skips both.
  const browser = runs('browser') || runs('app') || runs('payoff');
  const machine = machineInfo(browser ? await chromiumVersion() : 'Chromium not used');
  let buildSeconds = 0;
  if (browser || runs('bundle')) {
    console.log(`Building the lab and the bench page into ${BENCH_OUT}/…`);
    buildSeconds = await buildAll();
  }
  const bundle = runs('bundle')
    ? await attempt('Bundle sizes', async () => bundleSizes())
    : skipped;
  const suites: BenchResults['suites'] = [];
  if (runs('node')) {
    const node = await attempt('Node suite', () => runNodeSuite(NODE_PLAN));
    suites.push({
      where: 'Node',
      result: isFailed(node) ? { requested: 'cpu', error: node.error } : node,
    });
  }
  if (runs('browser')) {
    const results = await runBrowserSuites(BROWSER_PLANS, BROWSER_TIMEOUT_MS);
    results.forEach((result, i) =>
      suites.push({ where: `Chromium ${BROWSER_PLANS[i]!.backend}`, result }),
    );
  }
  const app = runs('app')
    ? await attempt('Built lab in Chromium', () =>
        measureApp({
          startups: [
            { query: 'backend=cpu&every=1', waitMs: 120_000 },
            { query: 'every=1', waitMs: quick ? 10_000 : 90_000 },
          ],
          recipe: APP_RECIPE,
          seconds: APP_SECONDS,
          timeoutMs: 180_000,
        }),
      )
    : skipped;
  const accuracy = runs('accuracy')
    ? await attempt('Steps to 97 % (Node)', () => stepsToAccuracy(0.97, quick ? 100 : 25))
    : skipped;
  const payoff = runs('payoff')
    ? await attempt('Payoff: recorded and live (Chromium, Node)', () => measurePayoff(quick))
    : skipped;
  // Last, so the other parts' processes are gone: it times whole processes side by side.
  const sweep = runs('sweep')
    ? await attempt('Sweep throughput (child processes)', () => measureSweepThroughput(quick))
    : skipped;
  machine.load.end = loadavg()[0]!;
  return {
    setup: {
      nodePlan: NODE_PLAN,
      browserPlans: BROWSER_PLANS,
      appRecipe: APP_RECIPE,
      appSeconds: APP_SECONDS,
    },
    date: new Date().toISOString().slice(0, 10),
    machine,
    defaults: cadence,
    buildSeconds,
    totalSeconds: (performance.now() - started) / 1000,
    suites,
    bundle,
    app,
    accuracy,
    sweep,
    payoff,
  };
}

async function main(): Promise<void> {
  // As `npm run train`: silences tfjs's Node banner (install tfjs-node); same CPU backend.
  tf.enableProdMode();
  let results: BenchResults;
  if (render) {
    results = JSON.parse(readFileSync(RESULTS, 'utf8')) as BenchResults;
  } else {
    results = await measure();
    mkdirSync(BENCH_OUT, { recursive: true });
    writeFileSync(RESULTS, JSON.stringify(results, null, 1));
  }
  const block = renderReport(results);
  console.log(`\n${block}\n`);
  if (quick || only) {
    console.log(`Not written to the doc (--quick or --only); the results are in ${RESULTS}.`);
    return;
  }
  const doc = await writeBenchSection(block);
  console.log(`Wrote ${doc}; ${(results.totalSeconds / 60).toFixed(1)} min in all.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
