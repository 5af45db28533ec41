import type { BackendData } from './backend-data';
import { exportWeights } from './export/weights-export';
import type { EngineCommand, EngineEvent } from './protocol';
import type { Run, RunLifecycle } from './run-lifecycle';
import { parsePtqOverrides, ptqQuantizerOf } from '../settings/ptq-quantizer';
import { emitBnReestimation } from './training/run-loop';
import { ptqMethod, sensitivityQuantizer } from './training/ptq-sweep';
import { QUICK_TEST_IMAGES, sensitivityImageCount } from '../settings/test-images';

export interface CommandActionDeps {
  emit(event: EngineEvent): void;
  lifecycle: Pick<
    RunLifecycle,
    'current' | 'running' | 'start' | 'stopLoop' | 'disposeRun' | 'withIdleRun'
  >;
  backend: Pick<BackendData, 'ensureData' | 'destroyDevice' | 'describe' | 'setSpeedTrials'>;
}

/** What each command does, as one function the dispatcher calls for every command. */
export function createCommandActions(
  deps: CommandActionDeps,
): (command: EngineCommand) => Promise<void> {
  const { emit, lifecycle, backend } = deps;

  async function perform(command: EngineCommand): Promise<void> {
    switch (command.type) {
      case 'start':
        return lifecycle.start(command.recipe);
      case 'step':
        await lifecycle.start(command.recipe, 1);
        return lifecycle.running() ?? undefined;
      case 'resume':
        return resume();
      case 'pause':
        return lifecycle.stopLoop();
      case 'reset':
        await lifecycle.stopLoop();
        lifecycle.disposeRun();
        emit({ type: 'phase', phase: 'idle', message: 'Reset: ready to train.' });
        return;
      case 'bn-reestimate':
        return lifecycle.withIdleRun('re-estimate BN statistics', async ({ session }) =>
          emitBnReestimation(session.stepCount, await session.reestimateBatchNorm(), emit),
        );
      case 'ptq':
        return requantize(command.quantizer);
      case 'sensitivity':
        return sensitivity(command.bits, command.images);
      case 'export-weights': {
        const { bits } = command;
        return lifecycle.withIdleRun('export the weights', async ({ model, session, recipe }) => {
          emit(await exportWeights(model, recipe, bits, session.stepCount));
        });
      }
      case 'probe':
        if (lifecycle.running()) return; // never swap data under a running loop
        await backend.ensureData(command.recipe);
        emit({ type: 'phase', phase: 'idle', message: 'Ready to train.' });
        return;
      case 'simulate-device-loss':
        return simulateDeviceLoss();
      case 'speed-trials':
        backend.setSpeedTrials(command.trials);
        return;
      case 'simulate-crash':
        emit({ type: 'error', kind: 'rejected', message: 'Only a worker can crash.' });
        return;
      default:
        return unreachable(command);
    }
  }

  function resume(): Promise<void> | undefined {
    const run = lifecycle.current();
    if (run?.diverged) {
      const message = 'Cannot resume a run that diverged; start a new run or reset.';
      emit({ type: 'error', kind: 'rejected', message });
      return;
    }
    if (run) return lifecycle.start(run.recipe);
  }

  /** Destroy the GPU device on purpose (its `lost` promise then starts the recovery). */
  function simulateDeviceLoss(): void {
    if (backend.destroyDevice()) return;
    const message = `There is no GPU device to lose: ${backend.describe()}.`;
    emit({ type: 'error', kind: 'backend', message });
  }

  /**
   * PTQ sweep on demand with the recipe's quantizer or `overrides` on top of it (checked here
   * too: a caller in Node skips the worker's protocol check), after the test evaluation it is
   * compared against.
   */
  function requantize(overrides: unknown): Promise<void> | undefined {
    const parsed = parsePtqOverrides(overrides);
    if (!parsed.ok) {
      emit({
        type: 'error',
        kind: 'rejected',
        message: `Cannot run the PTQ sweep: ${parsed.message}.`,
      });
      return;
    }
    return lifecycle.withIdleRun('run the PTQ sweep', async ({ session, recipe }) => {
      const quantizer = ptqQuantizerOf(recipe, parsed.overrides);
      const fp = await session.evaluate();
      const points = await session.ptqSweep(quantizer);
      const method = ptqMethod(recipe, quantizer);
      const step = session.stepCount;
      const images = fp.examples;
      emit({ type: 'ptq', step, method, fpAccuracy: fp.accuracy, points, quantizer, images });
    });
  }

  /**
   * Per-layer sensitivity at W`bits` on the first `images` test images at most (all by default):
   * the float pass on {@link QUICK_TEST_IMAGES} times the backend, and a slow one measures on
   * fewer (`sensitivityImageCount`); a progress event follows each pass.
   */
  function sensitivity(bits: number, images?: number): Promise<void> {
    return lifecycle.withIdleRun('measure per-layer sensitivity', async (run) => {
      const { session, recipe } = run;
      const total = run.model.layers.length + 2; // float, one per layer, all layers
      const { fp, limit } = await timedFloatPass(run, images ?? recipe.testExamples, total);
      const progress = (done: number) =>
        emit({ type: 'sensitivity-progress', done, total, images: limit });
      progress(1);
      const { layers, allAccuracy } = await session.layerSensitivity(bits, limit, (n) =>
        progress(1 + n),
      );
      const method = ptqMethod(recipe, sensitivityQuantizer(ptqQuantizerOf(recipe)));
      emit({
        type: 'layer-sensitivity',
        step: session.stepCount,
        bits,
        images: fp.examples,
        method,
        fpAccuracy: fp.accuracy,
        allAccuracy,
        layers,
      });
    });
  }

  /**
   * The float model's accuracy for a sensitivity measurement, and on how many test images (at
   * most `cap`) its `passes` passes fit the time budget: timed on {@link QUICK_TEST_IMAGES}.
   */
  async function timedFloatPass({ session }: Run, cap: number, passes: number) {
    const probe = Math.min(cap, QUICK_TEST_IMAGES);
    emit({ type: 'sensitivity-progress', done: 0, total: passes, images: probe });
    const started = performance.now();
    const quick = await session.evaluate(probe);
    const perImage = (performance.now() - started) / 1000 / probe;
    const limit = sensitivityImageCount(cap, perImage, passes);
    return { fp: limit > probe ? await session.evaluate(limit) : quick, limit };
  }

  return perform;
}

/** Compile-time exhaustiveness: protocol validation lets no other command through. */
function unreachable(command: never): void {
  void command;
}
