/**
 * What `npm run bench` gathers, and the ratios and verdicts derived from it, kept apart from
 * the Markdown so the numbers are computed once.
 */
import type { BenchPlan, SuiteResult } from '../../src/bench/bench-types';
import { median } from '../../src/bench/engine-timing';
import type { StartupTiming, Responsiveness } from './bench-app';
import type { BundleSizes } from './bench-bundle';
import type { AccuracyRun } from './bench-node';
import type { SweepBench } from './bench-sweep';
import type { PayoffBench } from './bench-payoff';
import type { SuiteFailure } from './bench-page';

/** The machine and software a run was measured on. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  node: string;
  chromium: string;
  tfjs: string;
  /** 1-minute load average when the bench started and when it ended. */
  load: { start: number; end: number };
}

/** The defaults the measurements depend on, read from src/settings/schema.ts at run time. */
export interface CadenceDefaults {
  optimizer: string;
  learningRate: number;
  lrSchedule: string;
  warmupSteps: number;
  steps: number;
  batchSize: number;
  metricsEvery: number;
  evalEvery: number;
  testExamples: number;
  ptqEvery: number;
}

/** A part of the bench that failed, with its message (the others still report). */
export interface Failed {
  error: string;
}

/** What the bench was asked to run (kept with the results, so a report can be re-rendered). */
export interface BenchSetup {
  nodePlan: BenchPlan;
  browserPlans: BenchPlan[];
  /** Query of the main-thread run, and how long it was watched, s. */
  appRecipe: string;
  appSeconds: number;
}

/** Everything one `npm run bench` measured. */
export interface BenchResults {
  setup: BenchSetup;
  date: string;
  machine: MachineInfo;
  defaults: CadenceDefaults;
  buildSeconds: number;
  totalSeconds: number;
  /** Node suite first, then one per Chromium backend. */
  suites: { where: string; result: SuiteResult | SuiteFailure }[];
  bundle: BundleSizes | Failed;
  app: { startups: StartupTiming[]; responsiveness: Responsiveness } | Failed;
  accuracy: AccuracyRun | Failed;
  /** Absent in results saved before the sweep part existed. */
  sweep?: SweepBench | Failed;
  /** Absent in results saved before the payoff part existed. */
  payoff?: PayoffBench | Failed;
}

export const isFailed = <T extends object>(value: T | Failed): value is Failed => 'error' in value;
export const isSuite = (value: SuiteResult | SuiteFailure): value is SuiteResult => 'fp' in value;

/** The ratios of one suite; null where the run could not give one at the defaults. */
export interface SuiteRatios {
  /** Engine step (metrics cadence included) / bare step. */
  step: number;
  /** Engine step plus the test evaluation amortized over `evalEvery`, / bare step. */
  allIn: number | null;
  /** LSQ+ W4A4 QAT step / float step, both engine. */
  qat: number;
  /** PTQ sweep / training time between sweeps (or of the whole run when `ptqEvery` is 0). */
  ptq: number | null;
  /** The all-in engine ms/step used for the PTQ ratio. */
  allInMsPerStep: number | null;
  /** The inspector's reads per evaluation / the training steps between evaluations. */
  inspector: number;
}

/** Median over rounds of `a[i] / b[i]` (windows of the same round, timed back to back). */
export function roundRatio(a: readonly number[], b: readonly number[]): number {
  return median(a.map((x, i) => x / b[i]!));
}

/** Ratios of `r`; evaluation-dependent ones only when the default test set was evaluated. */
export function suiteRatios(r: SuiteResult, defaults: CadenceDefaults): SuiteRatios {
  const defaultTestSet = r.plan.testExamples === null;
  const evalPerStep = r.fp.evalMs / r.evalEvery;
  const allInMsPerStep = defaultTestSet ? r.fp.msPerStep + evalPerStep : null;
  const trainingSteps = defaults.ptqEvery > 0 ? defaults.ptqEvery : defaults.steps;
  const step = roundRatio(r.fp.windowsMs, r.bareWindowsMs);
  return {
    step,
    // The evaluation's share is added on top of the per-round ratio.
    allIn: allInMsPerStep === null ? null : step + evalPerStep / r.bareMsPerStep,
    qat: roundRatio(r.qat.windowsMs, r.fp.windowsMs),
    ptq:
      allInMsPerStep !== null && r.fp.ptqMs !== null
        ? r.fp.ptqMs / (trainingSteps * allInMsPerStep)
        : null,
    allInMsPerStep,
    inspector: r.fp.inspectorMs / (r.evalEvery * r.fp.msPerStep),
  };
}

/** The targets of the brief. */
export const TARGETS = {
  stepRatio: 1.1,
  qatRatio: 1.5,
  ptqShare: 0.15,
  plotUpdatesPerSecond: 2,
  initialGzipBytes: 1.5 * 1024 * 1024,
  stepsTo97: 600,
  accuracy: 0.97,
  /** A sweep's runs/s with N jobs over 1 job, per core it adds: ≥ this × min(N, cores). */
  sweepEfficiency: 0.8,
  /** Preset link → payoff plot filled from its recording, ms. */
  recordedPayoffMs: 5000,
  /** Start → the first cadence PTQ sweep of a float preset, live on the CPU backend, s. */
  livePayoffS: 60,
  /** Navigation → step 1 shown on the auto backend (no `backend=` in the link), ms. */
  firstStepAutoMs: 3000,
  /** The layer inspector's reads per evaluation / training between evaluations (issue 17). */
  inspectorShare: 0.03,
} as const;

/** Main-thread figures per second of the observed window. */
export function rates(r: Responsiveness) {
  return {
    updates: r.updates / r.seconds,
    redraws: r.redraws / r.seconds,
    stepsPerSecond: r.steps / r.seconds,
  };
}
