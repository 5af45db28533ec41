import type { BackendChoice, BackendRequest } from './backend/select-backend';
import {
  deviceLostMessage,
  deviceLostReason,
  type DeviceLostInfo,
  type GpuDeviceHandle,
} from './backend/device-loss';
import { createBackendData } from './backend-data';
import type { Dataset, DatasetName } from './data/dataset';
import { createModel } from './models/registry';
import { exportWeights } from './export/weights-export';
import { copyWeights } from './models/copy-weights';
import { histogramLayerProblem } from './training/weight-histogram';
import type { Model } from './models/model';
import type { BackendName, EngineCommand, EngineEvent } from './protocol';
import type { Recipe } from '../settings/schema';
import { emitBnReestimation, runLoop, type LoopControl } from './training/run-loop';
import { ptqMethod } from './training/ptq-sweep';
import { createSession, type TrainingSession } from './training/session';
import { sameRecipe } from '../settings/schema';
import { recipeProblems } from '../settings/validate-recipe';

/** What differs between the browser worker and Node: how backends start and where data comes from. */
export interface EngineEnv {
  selectBackend(request: BackendRequest): Promise<BackendChoice>;
  loadDataset(name: DatasetName): Promise<Dataset>;
  /** Called once a backend is active; returns whether the fast CPU kernels are in use. */
  onBackendActive?(backend: BackendName): boolean;
  /**
   * The active backend's GPU device when it can be lost (WebGPU in the worker), else null. The
   * engine watches it; on a loss it moves the lab to the next backend.
   */
  gpuDevice?(backend: BackendName): GpuDeviceHandle | null;
  /** Read train metrics at least this often (ms) while training (run-loop's `LoopOptions`). */
  liveMetricsMs?: number;
}

/** How long a failure on a GPU device waits for the device's loss to show before it is reported. */
const LOSS_GRACE_MS = 2000;

/** The training engine: handles commands one at a time and reports through `emit`. */
export interface Engine {
  handle(command: EngineCommand): Promise<void>;
  destroy(): Promise<void>;
}

interface Run {
  recipe: Recipe;
  model: Model;
  session: TrainingSession;
  /** Diverged: back at its last good weights for inspection, but never trained on. */
  diverged?: boolean;
}

/** A recipe that only turns out impossible once its model exists (e.g. a missing layer index). */
class RecipeError extends Error {
  override name = 'RecipeError';
}

export function createEngine(env: EngineEnv, emit: (event: EngineEvent) => void): Engine {
  let run: Run | null = null;
  const control: LoopControl = { stopRequested: false, running: null };
  let queue: Promise<void> = Promise.resolve();
  /** A device loss is being handled: failures of work on the dead device are not reported. */
  let deviceLost = false;
  const backend = createBackendData(env, emit, { disposeRun, onDeviceLost });

  function disposeRun(): void {
    const current = run;
    run = null; // first: a dispose that throws (lost device) still drops the run
    current?.session.dispose();
    current?.model.dispose();
  }

  /** Build a fresh model and session for `recipe`, and evaluate it once as the step-0 baseline. */
  async function prepare(recipe: Recipe): Promise<Run> {
    emit({ type: 'phase', phase: 'loading', message: 'Loading backend and data…' });
    const data = await backend.ensureData(recipe);
    const model = createModel(recipe.model, {
      activation: recipe.activation,
      numClasses: data.numClasses,
      seed: recipe.seed,
      imageSize: data.imageSize,
      inChannels: 1,
    });
    const badLayer = histogramLayerProblem(model, recipe);
    if (badLayer) {
      model.dispose();
      throw new RecipeError(badLayer);
    }
    if (recipe.init === 'previous') continueFrom(model);
    disposeRun();
    let session: TrainingSession;
    try {
      session = await createSession({ model, ...data, recipe });
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
      ? copyWeights(run.model, model)
      : 'there is no previous run (reset or new data)';
    const message = why
      ? `Starting from fresh weights: ${why}.`
      : `Starting from the previous run's weights (step ${run!.session.stepCount}).`;
    emit({ type: 'phase', phase: 'loading', message });
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
    const reusable =
      run &&
      !run.diverged &&
      sameRecipe(run.recipe, recipe) &&
      run.session.stepCount < recipe.steps;
    const current = reusable ? run! : await prepare(recipe);
    control.running = runLoop(current.session, current.recipe, control, emit, {
      maxSteps,
      liveMetricsMs: env.liveMetricsMs,
    })
      .then((outcome) => {
        // Its optimizer state is NaN: the next start builds afresh (init=previous may copy it).
        if (outcome === 'diverged') current.diverged = true;
      }, reportFailure)
      .finally(() => {
        control.running = null;
      });
  }

  async function process(command: EngineCommand): Promise<void> {
    switch (command.type) {
      case 'start':
        return start(command.recipe);
      case 'step':
        await start(command.recipe, 1);
        return control.running ?? undefined;
      case 'resume':
        if (run?.diverged) {
          const message = 'Cannot resume a run that diverged; start a new run or reset.';
          emit({ type: 'error', kind: 'rejected', message });
          return;
        }
        if (run) return start(run.recipe);
        return;
      case 'pause':
        return stopLoop();
      case 'reset':
        await stopLoop();
        disposeRun();
        emit({ type: 'phase', phase: 'idle', message: 'Reset: ready to train.' });
        return;
      case 'bn-reestimate':
        return withIdleRun('re-estimate BN statistics', async (session) =>
          emitBnReestimation(session.stepCount, await session.reestimateBatchNorm(), emit),
        );
      case 'ptq':
        return withIdleRun('run the PTQ sweep', sweep);
      case 'export-weights': {
        const { bits } = command;
        return withIdleRun('export the weights', async (session, recipe) => {
          emit(await exportWeights(run!.model, recipe, bits, session.stepCount));
        });
      }
      case 'probe':
        if (control.running) return; // never swap data under a running loop
        await backend.ensureData(command.recipe);
        emit({ type: 'phase', phase: 'idle', message: 'Ready to train.' });
        return;
      case 'simulate-device-loss':
        return simulateDeviceLoss();
      case 'simulate-crash':
        emit({ type: 'error', kind: 'rejected', message: 'Only a worker can crash.' });
        return;
    }
  }

  /** Destroy the GPU device on purpose (its `lost` promise then starts the recovery). */
  function simulateDeviceLoss(): void {
    if (backend.destroyDevice()) return;
    const message = `There is no GPU device to lose: ${backend.describe()}.`;
    emit({ type: 'error', kind: 'backend', message });
  }

  function onDeviceLost(info: DeviceLostInfo): void {
    deviceLost = true;
    // Like a pause, the loop stops at once; the recovery, not the loop, says why.
    control.stopRequested = true;
    control.silentStop = true;
    queue = queue.then(() => recover(info)).catch(reportFailure);
  }

  /**
   * After a device loss: stop the loop, move to the next backend with the data re-uploaded, and
   * report. The run is gone (its weights lived on the dead device); the UI keeps the metrics.
   */
  async function recover(info: DeviceLostInfo): Promise<void> {
    await stopLoop();
    control.silentStop = false;
    deviceLost = false;
    if (!backend.deviceLost()) return; // switched away or destroyed meanwhile
    const step = run ? run.session.stepCount : null;
    let message: string;
    try {
      const choice = await backend.replaceLost();
      message = deviceLostMessage(info, step, choice.backend);
      emit({ type: 'error', kind: 'backend', message });
      backend.emitBackend(deviceLostReason(info, choice.reason));
    } catch (error) {
      message = deviceLostMessage(info, step, null, errorMessage(error));
      emit({ type: 'error', kind: 'backend', message });
    }
    emit({ type: 'phase', phase: 'failed', message });
  }

  /**
   * Run `action` on the current run's session if one exists and is not training (a loop past its
   * last step is only finishing its end-of-run reads: wait for it). Otherwise say why and change
   * nothing: no phase change, the run stays as it was.
   */
  async function withIdleRun(
    what: string,
    action: (session: TrainingSession, recipe: Recipe) => Promise<void>,
  ): Promise<void> {
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
    await action(run.session, run.recipe);
  }

  /** PTQ sweep on demand, with the test evaluation it is compared against. */
  async function sweep(session: TrainingSession, recipe: Recipe): Promise<void> {
    const fp = await session.evaluate();
    const points = await session.ptqSweep();
    const step = session.stepCount;
    emit({ type: 'ptq', step, method: ptqMethod(recipe), fpAccuracy: fp.accuracy, points });
  }

  function handle(command: EngineCommand): Promise<void> {
    // A pause must interrupt a running loop at once, not wait behind it in the queue.
    if (command.type === 'pause') control.stopRequested = true;
    queue = queue.then(() => process(command)).catch((error: unknown) => reportFailure(error));
    return queue;
  }

  async function reportFailure(error: unknown): Promise<void> {
    // A read on a dying GPU device can fail before its `lost` promise settles: give the loss a
    // moment to show, so the user sees one clear device-loss message, not an internal error first.
    if (!deviceLost && backend.hasGpuDevice()) await lossGrace();
    if (deviceLost) return; // work on the dead device failed; the recovery reports the loss
    const message = errorMessage(error);
    if (error instanceof RecipeError) {
      // Refused before training: nothing changed, so the lab is ready again.
      emit({ type: 'error', kind: 'rejected', message });
      emit({ type: 'phase', phase: run ? 'paused' : 'idle', message });
      return;
    }
    const kind =
      error instanceof Error && error.name === 'DatasetFormatError' ? 'data' : 'internal';
    emit({ type: 'error', kind, message });
    emit({ type: 'phase', phase: 'failed', message });
  }

  /** Wait up to {@link LOSS_GRACE_MS} for a device loss to be flagged. */
  async function lossGrace(): Promise<void> {
    for (let waited = 0; waited < LOSS_GRACE_MS && !deviceLost; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  return {
    handle,
    async destroy() {
      await stopLoop();
      backend.destroy();
    },
  };
}

const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
