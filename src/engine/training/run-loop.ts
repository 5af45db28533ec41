import type { EngineEvent, TrainConfig } from '../protocol';
import { yieldToEventLoop } from '../yield-to-event-loop';
import type { TrainingSession } from './session';

/** Shared between the engine and a running loop: the engine asks it to stop and awaits it. */
export interface LoopControl {
  stopRequested: boolean;
  running: Promise<void> | null;
}

/** How a loop ended: 'diverged' means the weights are garbage and the run must be rebuilt. */
export type LoopOutcome = 'finished' | 'paused' | 'diverged';

/**
 * Train until `config.steps`, a stop request, `maxSteps` more steps, or a divergence. Reads metrics
 * every `metricsEvery` steps (one device read), evaluates every `evalEvery` steps, and yields to the
 * event loop after each step so commands are heard.
 */
export async function runLoop(
  session: TrainingSession,
  config: TrainConfig,
  control: LoopControl,
  emit: (event: EngineEvent) => void,
  maxSteps = Infinity,
): Promise<LoopOutcome> {
  const lastStep = Math.min(config.steps, session.stepCount + maxSteps);
  if (session.stepCount >= config.steps) {
    emit({
      type: 'phase',
      phase: 'finished',
      message: `Finished ${config.steps} steps. Reset to train again.`,
    });
    return 'finished';
  }
  emit({ type: 'phase', phase: 'running', message: 'Training…' });
  let windowStart = performance.now();
  while (!control.stopRequested && session.stepCount < lastStep) {
    session.step();
    const step = session.stepCount;
    const atEnd = step === lastStep;
    if (step % config.metricsEvery === 0 || atEnd) {
      const window = await session.readTrainWindow();
      if (window.nonFinite) {
        reportDivergence(window.nonFinite, emit);
        return 'diverged';
      }
      const seconds = (performance.now() - windowStart) / 1000;
      windowStart = performance.now();
      emit({
        type: 'train-metrics',
        step,
        loss: window.loss,
        trainAccuracy: window.accuracy,
        stepsPerSecond: window.steps / Math.max(seconds, 1e-6),
      });
    }
    if (step % config.evalEvery === 0 || step === config.steps) {
      const result = await session.evaluate();
      emit({ type: 'test-metrics', step, testAccuracy: result.accuracy, testLoss: result.loss });
      windowStart = performance.now(); // keep evaluation time out of steps/s
    }
    await yieldToEventLoop();
  }
  const step = session.stepCount;
  if (step >= config.steps) {
    emit({ type: 'phase', phase: 'finished', message: `Finished ${step} steps.` });
    return 'finished';
  }
  emit({ type: 'phase', phase: 'paused', message: `Paused at step ${step}.` });
  return 'paused';
}

function reportDivergence(
  bad: { step: number; loss: number },
  emit: (event: EngineEvent) => void,
): void {
  const message =
    `Training diverged: the loss became ${bad.loss} at step ${bad.step}. ` +
    'Training stopped; reset and try a lower learning rate.';
  emit({ type: 'error', kind: 'diverged', message, step: bad.step });
  emit({ type: 'phase', phase: 'failed', message });
}
