import * as tf from '@tensorflow/tfjs';
import type { EngineEvent, TrainConfig } from '../protocol';
import { yieldToEventLoop } from '../yield-to-event-loop';
import { ptqMethod } from './ptq-sweep';
import type { TrainWindow } from './accumulators';
import type { BnReestimation, TrainingSession } from './session';

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

/**
 * Train until `config.steps`, a stop request, `maxSteps` more steps, or a divergence. After each
 * step it runs whatever the cadences ask for (see {@link afterStep}) and yields to the event loop
 * so commands are heard.
 */
export async function runLoop(
  session: TrainingSession,
  config: TrainConfig,
  control: LoopControl,
  emit: Emit,
  maxSteps = Infinity,
): Promise<LoopOutcome> {
  const lastStep = Math.min(config.steps, session.stepCount + maxSteps);
  if (session.stepCount >= config.steps) {
    const message = `Finished ${config.steps} steps. Reset to train again.`;
    emit({ type: 'phase', phase: 'finished', message });
    return 'finished';
  }
  emit({ type: 'phase', phase: 'running', message: 'Training…' });
  const clock = { windowStart: performance.now() };
  while (!control.stopRequested && session.stepCount < lastStep) {
    session.step();
    if (!(await afterStep(session, config, session.stepCount === lastStep, clock, emit))) {
      return 'diverged';
    }
    await yieldToEventLoop();
  }
  const step = session.stepCount;
  if (step >= config.steps) {
    emit({ type: 'phase', phase: 'finished', message: `Finished ${step} steps.` });
    return 'finished';
  }
  if (!control.silentStop) {
    emit({ type: 'phase', phase: 'paused', message: `Paused at step ${step}.` });
  }
  return 'paused';
}

/**
 * The reads a step's cadences ask for: train metrics and layer statistics every `metricsEvery`
 * steps (and at the last step of a burst), test metrics and the weight histogram every
 * `evalEvery` steps and at the end,
 * the PTQ sweep every `ptqEvery` steps (0 = never) and at the end when `ptqAtEnd` is on. With
 * `bnReestimate` on, the last step first re-estimates the BN statistics (methods 5.6).
 * Returns false on divergence.
 */
async function afterStep(
  session: TrainingSession,
  config: TrainConfig,
  burstEnd: boolean,
  clock: { windowStart: number },
  emit: Emit,
): Promise<boolean> {
  const step = session.stepCount;
  const atEnd = step === config.steps;
  if (step % config.metricsEvery === 0 || burstEnd) {
    const window = await session.readTrainWindow();
    if (window.nonFinite) {
      reportDivergence(window, session.restoreLastGood(), emit);
      return false;
    }
    const seconds = Math.max((performance.now() - clock.windowStart) / 1000, 1e-6);
    const { loss, terms, accuracy } = window;
    const stepsPerSecond = window.steps / seconds;
    emit({
      type: 'train-metrics',
      step,
      loss,
      terms,
      trainAccuracy: accuracy,
      stepsPerSecond,
      learningRate: session.learningRate,
      memory: liveMemory(),
    });
    emit({ type: 'layer-stats', step, layers: await session.layerStats() });
    for (const { technique, layers } of await session.techniqueReports()) {
      emit({ type: 'technique-metrics', step, technique, layers });
    }
    const trace = await session.weightTrace();
    if (trace) emit({ type: 'weight-trace', step, ...trace });
    clock.windowStart = performance.now();
  }
  if (atEnd && config.bnReestimate === 'on') {
    // Methods 5.6: re-estimate BN statistics before the final evaluation (and the final PTQ sweep).
    emitBnReestimation(step, await session.reestimateBatchNorm(), emit);
  }
  const evalDue = step % config.evalEvery === 0 || atEnd;
  const onCadence = config.ptqEvery > 0 && step % config.ptqEvery === 0;
  const ptqDue = onCadence || (atEnd && config.ptqAtEnd === 'on');
  if (evalDue || ptqDue) {
    const result = await session.evaluate();
    if (evalDue) {
      emit({ type: 'test-metrics', step, testAccuracy: result.accuracy, testLoss: result.loss });
      // The grid calibration (MSE search) reads and computes more than the cheap layer stats.
      emit({ type: 'histogram', step, ...(await session.histogram()) });
    }
    if (ptqDue) {
      const points = await session.ptqSweep();
      const method = ptqMethod(config);
      emit({ type: 'ptq', step, method, fpAccuracy: result.accuracy, points });
    }
    clock.windowStart = performance.now(); // keep evaluation time out of steps/s
  }
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

function reportDivergence(window: TrainWindow, goodStep: number, emit: Emit): void {
  const bad = window.nonFinite!;
  const terms = Object.entries(window.terms)
    .filter(([, v]) => !Number.isFinite(v))
    .map(([name]) => name);
  const which = terms.length ? ` (non-finite term: ${terms.join(', ')})` : '';
  const message =
    `Training diverged: the loss became ${bad.loss} at step ${bad.step}${which}. ` +
    `Training stopped; the weights are back at step ${goodStep}, the last good state, for ` +
    'inspection (PTQ, BN re-estimation). Reset and try a lower learning rate.';
  emit({ type: 'error', kind: 'diverged', message, step: bad.step });
  emit({ type: 'phase', phase: 'failed', message });
}
