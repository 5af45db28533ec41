/**
 * The sweep part of `npm run bench`: one small fixed sweep (the small CNN, 2 learning rates × 2
 * seeds) trained by `npm run sweep`'s runner on child processes, once with 1 job and once with
 * N = min(2, cores) jobs, in the order 1, N, N, 1 so a load that rises or falls meanwhile
 * weighs on both alike. Each pass starts its own workers, so their start-up (loading tfjs and the
 * data set) counts, as it does in a real sweep.
 */
import { availableParallelism } from 'node:os';
import { defaultRecipe, type Recipe } from '../../src/settings/schema';
import { encodeRecipe } from '../../src/settings/url-codec';
import { planSweep } from '../../src/sweep/sweep-plan';
import type { SweepSpec } from '../../src/sweep/sweep-types';
import { TARGETS } from './bench-results';
import { createSweepProgress } from './sweep-progress';
import { runSweepJobs } from './sweep-runner';

/** What the sweep part measured. */
export interface SweepBench {
  /** Query of recipe A, and the sweep run over it. */
  recipe: string;
  spec: SweepSpec;
  runs: number;
  /** Steps per run. */
  steps: number;
  cores: number;
  /** Jobs of the parallel pass. */
  jobs: number;
  /** Mean wall time of the passes with 1 job and with `jobs`, s (first start to last result). */
  oneJobSeconds: number;
  jobsSeconds: number;
  /** Every pass in the order run: its jobs and seconds. */
  passes: { jobs: number; seconds: number }[];
  /** Runs per second with `jobs` jobs over runs per second with one. */
  ratio: number;
  /** 0.8 × min(jobs, cores). */
  target: number;
}

/** Recipe A: the defaults (small CNN, batch 64) cut short, 500 test images. */
function benchRecipe(steps: number): Recipe {
  return { ...defaultRecipe(), backend: 'cpu', steps, testExamples: 500 };
}

const SPEC: SweepSpec = {
  knob: 'learningRate',
  values: [0.01, 0.003],
  seeds: 2,
  metric: 'test-acc',
};

/** Train the sweep with `jobs` workers; resolves to the seconds it took. */
async function pass(recipe: Recipe, jobs: number): Promise<number> {
  const runs = planSweep(recipe, SPEC);
  const t0 = performance.now();
  const outcome = await runSweepJobs(runs, {
    jobs,
    saved: new Map(),
    reuse: false,
    onSaved: () => {},
    progress: (reused) =>
      createSweepProgress(SPEC, runs.length, reused, (line) =>
        process.stdout.write(`  [${jobs} job${jobs > 1 ? 's' : ''}] ${line}`),
      ),
  });
  if (outcome.failures.length) throw new Error(outcome.failures.join('; '));
  return (performance.now() - t0) / 1000;
}

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/** Time the sweep with 1 job and with min(2, cores). `quick`: shorter runs, one pass each. */
export async function measureSweepThroughput(quick: boolean): Promise<SweepBench> {
  const steps = quick ? 20 : 40;
  const recipe = benchRecipe(steps);
  const cores = availableParallelism();
  const jobs = Math.min(2, cores);
  const passes: SweepBench['passes'] = [];
  for (const n of quick ? [1, jobs] : [1, jobs, jobs, 1]) {
    passes.push({ jobs: n, seconds: await pass(recipe, n) });
  }
  const secondsWith = (n: number) =>
    meanOf(passes.filter((p) => p.jobs === n).map((p) => p.seconds));
  const oneJobSeconds = secondsWith(1);
  const jobsSeconds = secondsWith(jobs);
  return {
    recipe: encodeRecipe(recipe),
    spec: SPEC,
    runs: SPEC.values.length * SPEC.seeds,
    steps,
    cores,
    jobs,
    oneJobSeconds,
    jobsSeconds,
    passes,
    ratio: oneJobSeconds / jobsSeconds,
    target: TARGETS.sweepEfficiency * Math.min(jobs, cores),
  };
}
