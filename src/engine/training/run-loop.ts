import * as tf from '@tensorflow/tfjs';
import { emitHistograms } from './histogram-events';
import type { EngineEvent } from '../protocol';
import type { Recipe } from '../../settings/schema';
import { yieldToEventLoop } from '../yield-to-event-loop';
import { ptqMethod } from './ptq-sweep';
import { ptqQuantizerOf } from '../../settings/ptq-quantizer';
import type { TrainWindow } from './accumulators';
import type { Evaluation } from './evaluate';
import { ptqImages } from '../../settings/test-images';
import type { BnReestimation, TrainingSession } from './session';
import { isTechniqueOn } from '../../settings/techniques';
import { shiftedEmit } from '../step-shift';
import { BIT_WIDTHS } from '../../core/quant/bits';
import { SQNR_QUANTIZERS } from '../../core/metrics/sqnr-quantizers';

/** The inspector's quantizers in the order of each layer's SQNR rows. */
const SQNR_IDS = SQNR_QUANTIZERS.map((q) => q.id);

/** Shared between the engine and a running loop: the engine asks it to stop and awaits it. */
export interface LoopControl {
  stopRequested: boolean;
  /** Set with `stopRequested` when the engine itself reports why it stopped (no 'paused' phase). */
  silentStop?: boolean;
  running: Promise<void> | null;
}

/**
 * How a loop ended: 'diverged' means the session is back at its last good state but its
 * optimizer is not, so the run must be rebuilt before training again.
 */
export type LoopOutcome = 'finished' | 'paused' | 'diverged';

type Emit = (event: EngineEvent) => void;

/** How far one call of {@link runLoop} goes and how often it reports. */
export interface LoopOptions {
  /** Train at most this many more steps (one Step press: 1). */
  maxSteps?: number;
  /**
   * Also read the train metrics (loss, accuracy, loss terms) once this many ms of training have
   * passed since the last read, between the `metricsEvery` reads: on a slow backend the curves then move a few
   * times a second instead of every few seconds. 0 (the default) reads on the step cadence only,
   * so a run's events depend on its recipe alone (Node, tests, the paper check).
   */
  liveMetricsMs?: number;
  /**
   * Run steps before the session's first (a fine-tune stage: the pretraining's): events and
   * messages name run steps, while cadences and schedules count the session's own. Default 0.
   */
  stepOffset?: number;
  /**
   * Whether the recipe's last step ends the run (a 'finished' phase). False for a first stage:
   * it ends quietly and the next stage goes on. Default true.
   */
  finalStage?: boolean;
}

/**
 * When the current train-metrics window started (ms): at the last read, moved past the reads and
 * evaluations that follow it, so it times training alone (steps/s, the live-read interval).
 */
interface LoopClock {
  windowStart: number;
}

/** What one step's reads depend on besides the recipe. */
interface Cadence {
  /** The step is the last of this call (a Step press): read everything. */
  burstEnd: boolean;
  liveMetricsMs: number;
  stepOffset: number;
}

/**
 * Train until `recipe.steps`, a stop request, `maxSteps` more steps, or a divergence. After each
 * step it runs whatever the cadences ask for (see {@link afterStep}) and yields to the event loop
 * so commands are heard.
 */
export async function runLoop(
  session: TrainingSession,
  recipe: Recipe,
  control: LoopControl,
  sessionEmit: Emit,
  options: LoopOptions = {},
): Promise<LoopOutcome> {
  const { maxSteps = Infinity, liveMetricsMs = 0, stepOffset = 0, finalStage = true } = options;
  const emit = shiftedEmit(sessionEmit, stepOffset);
  const lastStep = Math.min(recipe.steps, session.stepCount + maxSteps);
  if (session.stepCount >= recipe.steps) {
    const message = `Finished ${recipe.steps + stepOffset} steps. Reset to train again.`;
    if (finalStage) emit({ type: 'phase', phase: 'finished', message });
    return 'finished';
  }
  emit({ type: 'phase', phase: 'running', message: 'Training…' });
  const clock: LoopClock = { windowStart: performance.now() };
  while (!control.stopRequested && session.stepCount < lastStep) {
    session.step();
    const burstEnd = session.stepCount === lastStep;
    const cadence = { burstEnd, liveMetricsMs, stepOffset };
    if (!(await afterStep(session, recipe, cadence, clock, emit))) return 'diverged';
    await yieldToEventLoop();
  }
  const step = session.stepCount + stepOffset;
  if (session.stepCount >= recipe.steps) {
    if (finalStage) emit({ type: 'phase', phase: 'finished', message: `Finished ${step} steps.` });
    return 'finished';
  }
  if (!control.silentStop) {
    emit({ type: 'phase', phase: 'paused', message: `Paused at step ${step}.` });
  }
  return 'paused';
}

/**
 * The reads a step's cadences ask for: train metrics and layer statistics every `metricsEvery`
 * steps (and at the last step of a burst), train metrics alone after `liveMetricsMs` of training
 * since the last read, test metrics and the weight histogram every `evalEvery` steps and at the
 * end, the PTQ sweep every `ptqEvery` steps (0 = never; on fewer test images, `ptqImages`) and
 * at the end when `ptqAtEnd` is on.
 * With `bnReestimate` on, the last step first re-estimates the BN statistics (methods 5.6).
 * Returns false on divergence.
 */
async function afterStep(
  session: TrainingSession,
  recipe: Recipe,
  { burstEnd, liveMetricsMs, stepOffset }: Cadence,
  clock: LoopClock,
  emit: Emit,
): Promise<boolean> {
  const step = session.stepCount;
  const atEnd = step === recipe.steps;
  const fullRead = step % recipe.metricsEvery === 0 || burstEnd;
  const liveRead = liveMetricsMs > 0 && performance.now() - clock.windowStart >= liveMetricsMs;
  if (fullRead || liveRead) {
    if (!(await emitTrainMetrics(session, clock, emit, stepOffset))) return false;
  }
  if (fullRead) {
    emit({ type: 'layer-stats', step, layers: await session.layerStats() });
    for (const report of await session.techniqueReports()) {
      emit({ type: 'technique-metrics', step, ...report });
    }
    const trace = await session.weightTrace();
    if (trace) emit({ type: 'weight-trace', step, ...trace });
    clock.windowStart = performance.now();
  }
  if (atEnd && isTechniqueOn('bn-reestimate', recipe)) {
    // Methods 5.6: re-estimate BN statistics before the final evaluation (and the final PTQ sweep).
    emitBnReestimation(step, await session.reestimateBatchNorm(), emit);
  }
  const evalDue = step % recipe.evalEvery === 0 || atEnd;
  const finalPtq = atEnd && recipe.ptqAtEnd === 'on';
  const ptqDue = finalPtq || (recipe.ptqEvery > 0 && step % recipe.ptqEvery === 0);
  let test: Evaluation | null = null;
  if (evalDue) {
    test = await session.evaluate();
    emit({ type: 'test-metrics', step, testAccuracy: test.accuracy, testLoss: test.loss });
    // The grid calibration (MSE search) reads and computes more than the cheap layer stats.
    await emitHistograms(session, step, emit);
    // So do the inspector's SQNR (an MSE search per width): ~0.4 s for the small CNN here.
    const { sqnr, outliers } = await session.layerInspection();
    emit({ type: 'layer-sqnr', step, bits: [...BIT_WIDTHS], quantizers: SQNR_IDS, layers: sqnr });
    emit({ type: 'layer-outliers', step, layers: outliers });
  }
  if (ptqDue) await emitPtqSweep(session, recipe, step, ptqImages(recipe, finalPtq), test, emit);
  if (evalDue || ptqDue) clock.windowStart = performance.now(); // evaluations are not steps/s
  return true;
}

/**
 * The PTQ sweep on the first `images` test images, against the float model on the same images
 * (the step's test evaluation when it covered exactly those).
 */
async function emitPtqSweep(
  session: TrainingSession,
  recipe: Recipe,
  step: number,
  images: number,
  test: Evaluation | null,
  emit: Emit,
): Promise<void> {
  const fp = test && test.examples <= images ? test : await session.evaluate(images);
  const quantizer = ptqQuantizerOf(recipe);
  const points = await session.ptqSweep(quantizer, images);
  const method = ptqMethod(recipe, quantizer);
  emit({
    type: 'ptq',
    step,
    method,
    fpAccuracy: fp.accuracy,
    points,
    quantizer,
    images: fp.examples,
  });
}

/**
 * Read the train window and emit it; false (after reporting) when it holds a divergence. Steps/s
 * count from the window's start, which evaluations move past, so it is training speed alone.
 */
async function emitTrainMetrics(
  session: TrainingSession,
  clock: LoopClock,
  emit: Emit,
  stepOffset: number,
): Promise<boolean> {
  const window = await session.readTrainWindow();
  if (window.nonFinite) {
    reportDivergence(window, session.restoreLastGood(), emit, stepOffset);
    return false;
  }
  const now = performance.now();
  const seconds = Math.max((now - clock.windowStart) / 1000, 1e-6);
  emit({
    type: 'train-metrics',
    step: session.stepCount,
    loss: window.loss,
    terms: window.terms,
    trainAccuracy: window.accuracy,
    stepsPerSecond: window.steps / seconds,
    learningRate: session.learningRate,
    memory: liveMemory(),
  });
  clock.windowStart = now;
  return true;
}

/** Live tensors and their bytes: tfjs bookkeeping only, so no device read. */
function liveMemory(): { numTensors: number; numBytes: number } {
  const { numTensors, numBytes } = tf.memory();
  return { numTensors, numBytes };
}

/** The event for a BN re-estimation after `step` steps. */
export function emitBnReestimation(step: number, result: BnReestimation, emit: Emit): void {
  const { batches, before, after } = result;
  emit({
    type: 'bn-reestimated',
    step,
    batches,
    before: before.accuracy,
    after: after.accuracy,
  });
}

/** Report a divergence; `emit` shifts the event's step, `stepOffset` the message's. */
function reportDivergence(
  window: TrainWindow,
  goodStep: number,
  emit: Emit,
  stepOffset: number,
): void {
  const bad = window.nonFinite!;
  const terms = Object.entries(window.terms)
    .filter(([, v]) => !Number.isFinite(v))
    .map(([name]) => name);
  const which = terms.length ? ` (non-finite term: ${terms.join(', ')})` : '';
  const message =
    `Training diverged: the loss became ${bad.loss} at step ${bad.step + stepOffset}${which}. ` +
    `Training stopped; the weights are back at step ${goodStep + stepOffset}, the last good state, for ` +
    'inspection (PTQ, BN re-estimation). Reset and try a lower learning rate.';
  emit({ type: 'error', kind: 'diverged', message, step: bad.step });
  emit({ type: 'phase', phase: 'failed', message });
}
