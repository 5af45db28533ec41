import type { BackendChoice, BackendRequest } from './backend/select-backend';
import type { Dataset, DatasetName } from './data/dataset';
import { disposeSplit, uploadDataset, type DeviceSplit } from './data/device-data';
import { createModel } from './models/registry';
import { exportWeights } from './export/weights-export';
import { copyWeights } from './models/copy-weights';
import { histogramLayerProblem } from './training/weight-histogram';
import type { Model } from './models/model';
import type { BackendName, EngineCommand, EngineEvent, TrainConfig } from './protocol';
import { emitBnReestimation, runLoop, type LoopControl } from './training/run-loop';
import { ptqMethod } from './training/ptq-sweep';
import { createSession, type TrainingSession } from './training/session';
import { sameSettings } from '../settings/schema';
import { recipeProblems } from '../settings/validate-recipe';

/** What differs between the browser worker and Node: how backends start and where data comes from. */
export interface EngineEnv {
  selectBackend(request: BackendRequest): Promise<BackendChoice>;
  loadDataset(name: DatasetName): Promise<Dataset>;
  /** Called once a backend is active; returns whether the fast CPU kernels are in use. */
  onBackendActive?(backend: BackendName): boolean;
}

/** The training engine: handles commands one at a time and reports through `emit`. */
export interface Engine {
  handle(command: EngineCommand): Promise<void>;
  destroy(): Promise<void>;
}

interface Run {
  config: TrainConfig;
  model: Model;
  session: TrainingSession;
  /** Diverged: back at its last good weights for inspection, but never trained on. */
  diverged?: boolean;
}

interface Loaded {
  request: BackendRequest;
  backend: BackendName;
  dataset: DatasetName;
  data: { train: DeviceSplit; test: DeviceSplit; numClasses: number; imageSize: number } | null;
}

/** A recipe that only turns out impossible once its model exists (e.g. a missing layer index). */
class RecipeError extends Error {
  override name = 'RecipeError';
}

export function createEngine(env: EngineEnv, emit: (event: EngineEvent) => void): Engine {
  const datasets = new Map<DatasetName, Promise<Dataset>>();
  let loaded: Loaded | null = null;
  let run: Run | null = null;
  const control: LoopControl = { stopRequested: false, running: null };
  let queue: Promise<void> = Promise.resolve();

  const loadDataset = (name: DatasetName): Promise<Dataset> => {
    let pending = datasets.get(name);
    if (!pending) {
      pending = env.loadDataset(name);
      datasets.set(name, pending);
      pending.catch(() => datasets.delete(name)); // a failed load can be retried
    }
    return pending;
  };

  async function ensureBackend(request: BackendRequest): Promise<BackendName> {
    if (loaded?.request === request) return loaded.backend;
    disposeData();
    const choice = await env.selectBackend(request);
    const fast = env.onBackendActive?.(choice.backend) ?? false;
    emit({ type: 'backend', backend: choice.backend, reason: choice.reason, fastCpuKernels: fast });
    loaded = { request, backend: choice.backend, dataset: 'mnist', data: null };
    return choice.backend;
  }

  async function ensureData(config: TrainConfig): Promise<NonNullable<Loaded['data']>> {
    await ensureBackend(config.backend);
    const state = loaded!;
    if (state.data && state.dataset === config.dataset) return state.data;
    disposeData();
    const raw = await loadDataset(config.dataset);
    emit({
      type: 'dataset',
      dataset: config.dataset,
      trainCount: raw.train.count,
      testCount: raw.test.count,
    });
    state.data = { ...uploadDataset(raw), numClasses: raw.numClasses, imageSize: raw.rows };
    state.dataset = config.dataset;
    return state.data;
  }

  function disposeData(): void {
    disposeRun();
    if (loaded?.data) {
      disposeSplit(loaded.data.train);
      disposeSplit(loaded.data.test);
      loaded.data = null;
    }
  }

  function disposeRun(): void {
    run?.session.dispose();
    run?.model.dispose();
    run = null;
  }

  /** Build a fresh model and session for `config`, and evaluate it once as the step-0 baseline. */
  async function prepare(config: TrainConfig): Promise<Run> {
    emit({ type: 'phase', phase: 'loading', message: 'Loading backend and data…' });
    const data = await ensureData(config);
    const model = createModel(config.model, {
      activation: config.activation,
      numClasses: data.numClasses,
      seed: config.seed,
      imageSize: data.imageSize,
      inChannels: 1,
    });
    const badLayer = histogramLayerProblem(model, config);
    if (badLayer) {
      model.dispose();
      throw new RecipeError(badLayer);
    }
    if (config.init === 'previous') continueFrom(model);
    disposeRun();
    let session: TrainingSession;
    try {
      session = await createSession({ model, ...data, config });
    } catch (error) {
      model.dispose();
      throw error;
    }
    run = { config, model, session };
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

  async function start(config: TrainConfig, maxSteps?: number): Promise<void> {
    const problems = recipeProblems(config);
    if (problems.length > 0) {
      // Refused before anything is built: the current run, if any, stays as it was.
      emit({ type: 'error', kind: 'rejected', message: problems.join(' ') });
      return;
    }
    await stopLoop();
    const reusable =
      run &&
      !run.diverged &&
      sameSettings(run.config, config) &&
      run.session.stepCount < config.steps;
    const current = reusable ? run! : await prepare(config);
    control.running = runLoop(current.session, current.config, control, emit, maxSteps)
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
        return start(command.config);
      case 'step':
        await start(command.config, 1);
        return control.running ?? undefined;
      case 'resume':
        if (run?.diverged) {
          const message = 'Cannot resume a run that diverged; start a new run or reset.';
          emit({ type: 'error', kind: 'rejected', message });
          return;
        }
        if (run) return start(run.config);
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
        return withIdleRun('export the weights', async (session, config) => {
          emit(await exportWeights(run!.model, config, bits, session.stepCount));
        });
      }
      case 'probe':
        if (control.running) return; // never swap data under a running loop
        await ensureData(command.config);
        emit({ type: 'phase', phase: 'idle', message: 'Ready to train.' });
        return;
    }
  }

  /**
   * Run `action` on the current run's session if one exists and is not training (a loop past its
   * last step is only finishing its end-of-run reads: wait for it). Otherwise say why and change
   * nothing: no phase change, the run stays as it was.
   */
  async function withIdleRun(
    what: string,
    action: (session: TrainingSession, config: TrainConfig) => Promise<void>,
  ): Promise<void> {
    if (control.running && run && run.session.stepCount >= run.config.steps) await control.running;
    const why = control.running
      ? 'training is running; pause it first'
      : !run
        ? 'there is no trained model; start a run first'
        : null;
    if (why || !run) {
      emit({ type: 'error', kind: 'rejected', message: `Cannot ${what}: ${why}.` });
      return;
    }
    await action(run.session, run.config);
  }

  /** PTQ sweep on demand, with the test evaluation it is compared against. */
  async function sweep(session: TrainingSession, config: TrainConfig): Promise<void> {
    const fp = await session.evaluate();
    const points = await session.ptqSweep();
    const step = session.stepCount;
    emit({ type: 'ptq', step, method: ptqMethod(config), fpAccuracy: fp.accuracy, points });
  }

  function handle(command: EngineCommand): Promise<void> {
    // A pause must interrupt a running loop at once, not wait behind it in the queue.
    if (command.type === 'pause') control.stopRequested = true;
    queue = queue.then(() => process(command)).catch((error: unknown) => reportFailure(error));
    return queue;
  }

  function reportFailure(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
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

  return {
    handle,
    async destroy() {
      await stopLoop();
      disposeData();
    },
  };
}
