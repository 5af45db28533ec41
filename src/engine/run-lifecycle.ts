import type { BackendData, DeviceData } from './backend-data';
import { emitHistograms } from './training/histogram-events';
import type { ReportFailure } from './failure-report';
import type { Model } from './models/model';
import { createPretrainCache, type Pretrained } from './pretrain-cache';
import type { EngineEvent } from './protocol';
import {
  isLastStage,
  keepingStageEvents,
  runStep,
  sessionRecipe,
  stageOfRun,
  type StageOfRun,
} from './run-stage';
import { shiftSteps } from './step-shift';
import type { LoopControl, LoopOptions, runLoop } from './training/run-loop';
import type { TrainingSession } from './training/session';
import { runStages, type RunStage } from '../settings/pretrain';
import { stepZeroTestImages } from '../settings/test-images';
import { sameRecipe, type Recipe } from '../settings/schema';
import { recipeProblems } from '../settings/validate-recipe';

/**
 * 'Testing the untrained model on 500 of 2,000 test images (later tests use all)…': the status
 * line while the step-0 test holds up the first step.
 */
function stepZeroMessage(stage: RunStage, trained: boolean, images: number, all: number): string {
  const which = stage.name === 'fine-tune' ? 'pretrained' : trained ? 'starting' : 'untrained';
  const count = (n: number) => n.toLocaleString('en-US');
  const subset =
    images < all
      ? `${count(images)} of ${count(all)} test images (later tests use all)`
      : `${count(all)} test images`;
  return `Testing the ${which} model on ${subset}…`;
}

/** The model being trained, with its session and the recipe it was started with. */
export interface Run {
  /** The recipe the run was started with (both stages of a two-stage run share it). */
  recipe: Recipe;
  model: Model;
  session: TrainingSession;
  /** Diverged: back at its last good weights for inspection, but never trained on. */
  diverged?: boolean;
  /** The stage the session trains, when the recipe has two (settings/pretrain.ts). */
  stage?: StageOfRun;
}

/** Where a new run's weights come from, as the phase message names them (no model: why not). */
interface WeightSource {
  model: Model | null;
  text: string;
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
  /** Drop the run and the kept pretraining, and free their tensors. */
  disposeRun(): void;
  /**
   * Emit an event about the current run (an on-demand command's PTQ sweep, BN re-estimation or
   * weights): its session step becomes the run step, as the loop's events are.
   */
  emitForRun(event: EngineEvent): void;
}

export function createRunLifecycle(deps: RunLifecycleDeps): RunLifecycle {
  const { emit, parts } = deps;
  let run: Run | null = null;
  const control: LoopControl = { stopRequested: false, running: null };
  const pretrained = createPretrainCache();

  /** Drop the run and free its tensors; the kept pretraining stays. */
  function dropRun(): void {
    const current = run;
    run = null; // first: a dispose that throws (lost device) still drops the run
    current?.session.dispose();
    current?.model.dispose();
  }

  /**
   * Load `recipe`'s backend and data and build the run's first stage, or, when the pretraining
   * it asks for is kept, show that again and build the fine-tune stage from its weights.
   */
  async function prepare(recipe: Recipe): Promise<Run> {
    emit({ type: 'phase', phase: 'loading', message: 'Loading backend and data…' });
    const data = await deps.backend.ensureData(recipe); // may drop a cache of other data
    const [first, second] = runStages(recipe);
    const kept = second ? pretrained.find(recipe) : null;
    if (!second || !kept) {
      const source = first!.recipe.init === 'previous' ? previousRun() : null;
      return build(recipe, first!, data, source);
    }
    const same = 'same data, model, seed and settings';
    const message = `Reusing the float pretraining of an earlier run (${kept.steps} steps, ${same}).`;
    emit({ type: 'phase', phase: 'loading', message });
    kept.events.forEach(emit);
    return build(recipe, second, data, pretrainedWeights(kept));
  }

  function previousRun(): WeightSource {
    if (!run) return { model: null, text: 'there is no previous run (reset or new data)' };
    return { model: run.model, text: `the previous run's weights (step ${runStep(run)})` };
  }

  const pretrainedWeights = (kept: Pretrained): WeightSource => ({
    model: kept.model,
    text: `the float pretraining's weights (step ${kept.steps})`,
  });

  /**
   * Build a fresh model and session for `stage` of `recipe` (from `source`'s weights when given),
   * and evaluate it once as the stage's step-0 baseline.
   */
  async function build(
    recipe: Recipe,
    stage: RunStage,
    data: DeviceData,
    source: WeightSource | null,
  ): Promise<Run> {
    const current = stageOfRun(stage);
    const say = keepingStageEvents(emit, current);
    const { offset, recipe: trains } = stage;
    if (current) say({ type: 'stage', step: offset, stage: current.name, steps: trains.steps });
    const model = parts.createModel(trains, data);
    const trained = source ? continueFrom(model, source) : false;
    dropRun();
    let session: TrainingSession;
    try {
      session = await parts.createSession(model, data, trains);
    } catch (error) {
      model.dispose();
      throw error;
    }
    run = { recipe, model, session, ...(current ? { stage: current } : {}) };
    // On a slow backend this takes a while (SwiftShader WebGPU: about a minute for 2000 images).
    const all = Math.min(trains.testExamples, data.test.count);
    const images = Math.min(stepZeroTestImages(trains, !trained), all);
    say({ type: 'phase', phase: 'loading', message: stepZeroMessage(stage, trained, images, all) });
    const test = await session.evaluate(images);
    const tested = test.examples < all ? { images: test.examples } : {};
    say({
      type: 'test-metrics',
      step: offset,
      testAccuracy: test.accuracy,
      testLoss: test.loss,
      ...tested,
    });
    // The starting weights on the grid, so the histogram is never empty while training runs.
    await emitHistograms(session, offset, say);
    return run;
  }

  /** Start `model` from `source`'s weights, or say why it starts fresh; true when it took them. */
  function continueFrom(model: Model, source: WeightSource): boolean {
    const why = source.model ? parts.copyWeights(source.model, model) : source.text;
    const message = why ? `Starting from fresh weights: ${why}.` : `Starting from ${source.text}.`;
    emit({ type: 'phase', phase: 'loading', message });
    return !why;
  }

  /**
   * Build stage 2 from finished stage 1's weights, keeping stage 1 (weights and events) in the
   * pretrain cache unless a command acted on it mid-way (see {@link withIdleRun}).
   */
  async function fineTuneAfter(pretrain: Run): Promise<Run> {
    const { model, session, recipe, stage } = pretrain;
    const events = stage?.events;
    const entry = { model, events: events ?? [], steps: session.stepCount };
    run = null; // its model moves to the cache, or goes once stage 2 has its weights
    session.dispose();
    if (events) pretrained.keep(recipe, entry);
    try {
      const data = await deps.backend.ensureData(recipe);
      const [, second] = runStages(recipe);
      return await build(recipe, second!, data, pretrainedWeights(entry));
    } finally {
      if (!events) model.dispose();
    }
  }

  /** The current run when `recipe` can go on training it: same recipe, not diverged, not done. */
  function reusableRun(recipe: Recipe): Run | null {
    const fits =
      run &&
      !run.diverged &&
      sameRecipe(run.recipe, recipe) &&
      (!isLastStage(run) || run.session.stepCount < sessionRecipe(run).steps);
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
    control.running = train(current, maxSteps)
      .catch(deps.reportFailure)
      .finally(() => {
        control.running = null;
      });
  }

  /** Train `first` (at most `maxSteps` steps) and, once a first stage finishes, the next stage. */
  async function train(first: Run, maxSteps: number | undefined): Promise<void> {
    let current: Run | null = first;
    let left = maxSteps;
    while (current) {
      const { session } = current;
      const before = session.stepCount;
      const options = loopOptions(current, left);
      const emitStage = keepingStageEvents(emit, current.stage);
      const outcome = await parts.runLoop(
        session,
        sessionRecipe(current),
        control,
        emitStage,
        options,
      );
      // Its optimizer state is NaN: the next start builds afresh (init=previous may copy it).
      if (outcome === 'diverged') current.diverged = true;
      if (left !== undefined) left -= session.stepCount - before;
      const goesOn: boolean = outcome === 'finished' && !isLastStage(current);
      current = goesOn ? await fineTuneAfter(current) : null;
    }
  }

  function loopOptions(current: Run, maxSteps: number | undefined): LoopOptions {
    const options = { maxSteps, liveMetricsMs: deps.liveMetricsMs };
    const { stage } = current;
    if (!stage) return options;
    return { ...options, stepOffset: stage.offset, finalStage: isLastStage(current) };
  }

  async function withIdleRun(what: string, action: (run: Run) => Promise<void>): Promise<void> {
    // A loop past its last step is only finishing its end-of-run reads: wait for it.
    const finishing = run && isLastStage(run) && run.session.stepCount >= sessionRecipe(run).steps;
    if (control.running && finishing) await control.running;
    const why = control.running
      ? 'training is running; pause it first'
      : !run
        ? 'there is no trained model; start a run first'
        : null;
    if (why || !run) {
      emit({ type: 'error', kind: 'rejected', message: `Cannot ${what}: ${why}.` });
      return;
    }
    // A paused stage 1 acted on (a BN re-estimation changes its statistics) is not kept for reuse:
    // a reused pretraining must be exactly what an uninterrupted one would be.
    if (run.stage) delete run.stage.events;
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
    disposeRun() {
      try {
        dropRun();
      } finally {
        pretrained.clear();
      }
    },
    emitForRun: (event) => emit(run?.stage ? shiftSteps(event, run.stage.offset) : event),
  };
}
