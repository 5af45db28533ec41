import type { BackendData, DeviceData } from './backend-data';
import type { ReportFailure } from './failure-report';
import type { Model } from './models/model';
import type { EngineEvent } from './protocol';
import type { LoopControl, runLoop } from './training/run-loop';
import type { TrainingSession } from './training/session';
import { sameRecipe, type Recipe } from '../settings/schema';
import { recipeProblems } from '../settings/validate-recipe';

/** The model being trained, with its session and the recipe it was built for. */
export interface Run {
  recipe: Recipe;
  model: Model;
  session: TrainingSession;
  /** Diverged: back at its last good weights for inspection, but never trained on. */
  diverged?: boolean;
}

/** How a run is built and trained: the TensorFlow.js parts (`run-parts.ts`), or fakes in tests. */
export interface RunParts {
  /** A model for `recipe` on `data`; throws a RecipeError when the recipe cannot apply to it. */
  createModel(recipe: Recipe, data: DeviceData): Model;
  /** Copy `from`'s weights into `to`, or say why they do not fit. */
  copyWeights(from: Model, to: Model): string | null;
  createSession(model: Model, data: DeviceData, recipe: Recipe): Promise<TrainingSession>;
  runLoop: typeof runLoop;
}

export interface RunLifecycleDeps {
  emit(event: EngineEvent): void;
  backend: Pick<BackendData, 'ensureData'>;
  parts: RunParts;
  /** Reports a failed loop: the loop runs outside the command queue, which cannot catch it. */
  reportFailure: ReportFailure;
  /** Read train metrics at least this often (ms) while training. */
  liveMetricsMs?: number;
}

/** The run and its training loop: building, starting, stopping and dropping them. */
export interface RunLifecycle {
  /** The current run, or null before the first start and after it was dropped. */
  current(): Run | null;
  /** The running loop, settling when it ends, or null when none runs. */
  running(): Promise<void> | null;
  /** Train on `recipe` (at most `maxSteps` steps), keeping the run when the recipe still fits it. */
  start(recipe: Recipe, maxSteps?: number): Promise<void>;
  /** Ask the loop to stop after its current step; `silent` when the engine itself reports why. */
  interrupt(options?: { silent: boolean }): void;
  /** Let the next stop announce itself again (a `paused` phase). */
  endSilentStop(): void;
  /** Stop the loop and wait for it to end. */
  stopLoop(): Promise<void>;
  /**
   * Run `action` on the current run if one exists and is not training; otherwise say why and
   * change nothing.
   */
  withIdleRun(what: string, action: (run: Run) => Promise<void>): Promise<void>;
  /** Drop the run and free its tensors. */
  disposeRun(): void;
}

export function createRunLifecycle(deps: RunLifecycleDeps): RunLifecycle {
  const { emit, parts } = deps;
  let run: Run | null = null;
  const control: LoopControl = { stopRequested: false, running: null };

  function disposeRun(): void {
    const current = run;
    run = null; // first: a dispose that throws (lost device) still drops the run
    current?.session.dispose();
    current?.model.dispose();
  }

  /** Build a fresh model and session for `recipe`, and evaluate it once as the step-0 baseline. */
  async function prepare(recipe: Recipe): Promise<Run> {
    emit({ type: 'phase', phase: 'loading', message: 'Loading backend and data…' });
    const data = await deps.backend.ensureData(recipe);
    const model = parts.createModel(recipe, data);
    if (recipe.init === 'previous') continueFrom(model);
    disposeRun();
    let session: TrainingSession;
    try {
      session = await parts.createSession(model, data, recipe);
    } catch (error) {
      model.dispose();
      throw error;
    }
    run = { recipe, model, session };
    // On a slow backend this takes a while (SwiftShader WebGPU: about a minute for 2000 images).
    const images = Math.min(recipe.testExamples, data.test.count);
    const message = `Testing the untrained model on ${images} test images…`;
    emit({ type: 'phase', phase: 'loading', message });
    const baseline = await session.evaluate();
    emit({
      type: 'test-metrics',
      step: 0,
      testAccuracy: baseline.accuracy,
      testLoss: baseline.loss,
    });
    return run;
  }

  /** Start `model` from the previous run's weights, or say why it starts fresh. */
  function continueFrom(model: Model): void {
    const why = run
      ? parts.copyWeights(run.model, model)
      : 'there is no previous run (reset or new data)';
    const message = why
      ? `Starting from fresh weights: ${why}.`
      : `Starting from the previous run's weights (step ${run!.session.stepCount}).`;
    emit({ type: 'phase', phase: 'loading', message });
  }

  /** The current run when `recipe` can go on training it: same recipe, not diverged, not done. */
  function reusableRun(recipe: Recipe): Run | null {
    const fits =
      run &&
      !run.diverged &&
      sameRecipe(run.recipe, recipe) &&
      run.session.stepCount < recipe.steps;
    return fits ? run : null;
  }

  async function stopLoop(): Promise<void> {
    control.stopRequested = true;
    await control.running;
    control.stopRequested = false;
  }

  async function start(recipe: Recipe, maxSteps?: number): Promise<void> {
    const problems = recipeProblems(recipe);
    if (problems.length > 0) {
      // Refused before anything is built: the current run, if any, stays as it was.
      emit({ type: 'error', kind: 'rejected', message: problems.join(' ') });
      return;
    }
    await stopLoop();
    const current = reusableRun(recipe) ?? (await prepare(recipe));
    const options = { maxSteps, liveMetricsMs: deps.liveMetricsMs };
    control.running = parts
      .runLoop(current.session, current.recipe, control, emit, options)
      .then((outcome) => {
        // Its optimizer state is NaN: the next start builds afresh (init=previous may copy it).
        if (outcome === 'diverged') current.diverged = true;
      }, deps.reportFailure)
      .finally(() => {
        control.running = null;
      });
  }

  async function withIdleRun(what: string, action: (run: Run) => Promise<void>): Promise<void> {
    // A loop past its last step is only finishing its end-of-run reads: wait for it.
    if (control.running && run && run.session.stepCount >= run.recipe.steps) await control.running;
    const why = control.running
      ? 'training is running; pause it first'
      : !run
        ? 'there is no trained model; start a run first'
        : null;
    if (why || !run) {
      emit({ type: 'error', kind: 'rejected', message: `Cannot ${what}: ${why}.` });
      return;
    }
    await action(run);
  }

  return {
    current: () => run,
    running: () => control.running,
    start,
    interrupt({ silent } = { silent: false }) {
      control.stopRequested = true;
      if (silent) control.silentStop = true;
    },
    endSilentStop() {
      control.silentStop = false;
    },
    stopLoop,
    withIdleRun,
    disposeRun,
  };
}
