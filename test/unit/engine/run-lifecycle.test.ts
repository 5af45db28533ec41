import { describe, expect, test, vi } from 'vitest';
import { RecipeError } from '../../../src/engine/recipe-error';
import { recipeProblems } from '../../../src/settings/validate-recipe';
import { QUICK_TEST_IMAGES } from '../../../src/settings/test-images';
import {
  fakeData,
  fakeLifecycle as lifecycle,
  fakeTrainingSession,
  flush,
  testRecipe,
} from './engine-fakes';

describe('run lifecycle: start', () => {
  test('a recipe with problems is rejected before anything is built', async () => {
    const { runs, events, backend, parts } = lifecycle();
    const bad = testRecipe({ kure: 'on', kureWeight: 0 });
    await runs.start(bad);
    const message = recipeProblems(bad).join(' ');
    expect(message).not.toBe('');
    expect(events).toEqual([{ type: 'error', kind: 'rejected', message }]);
    expect(backend.ensureData).not.toHaveBeenCalled();
    expect(parts.createModel).not.toHaveBeenCalled();
    expect(runs.current()).toBeNull();
  });

  test('builds a run, reports the step-0 baseline, then trains with the step limit', async () => {
    const { runs, events, types, loops } = lifecycle();
    const recipe = testRecipe({ testExamples: 500 });
    await runs.start(recipe, 1);
    expect(types()).toEqual([
      'phase:loading',
      'phase:loading',
      'test-metrics',
      'histogram',
      'layer-histograms',
    ]);
    expect(events[1]).toMatchObject({ message: 'Testing the untrained model on 300 test images…' });
    expect(events[2]).toEqual({ type: 'test-metrics', step: 0, testAccuracy: 0.5, testLoss: 1 });
    expect(events[3]).toMatchObject({ type: 'histogram', step: 0 });
    expect(runs.current()?.recipe).toBe(recipe);
    expect(loops).toHaveLength(1);
    expect(loops[0]!.options).toEqual({ maxSteps: 1, liveMetricsMs: 250 });
    expect(runs.running()).not.toBeNull();
    loops[0]!.end.resolve('finished');
    await runs.running();
    expect(runs.running()).toBeNull();
  });

  test('an untrained model is tested at step 0 on the quick subset, and says so', async () => {
    const { runs, events, backend } = lifecycle();
    backend.ensureData.mockResolvedValue(fakeData(2000));
    await runs.start(testRecipe({ testExamples: 2000 }), 1);
    expect(events[1]).toMatchObject({
      message: 'Testing the untrained model on 500 of 2,000 test images (later tests use all)…',
    });
    expect(events[2]).toEqual({
      type: 'test-metrics',
      step: 0,
      testAccuracy: 0.5,
      testLoss: 1,
      images: QUICK_TEST_IMAGES,
    });
  });

  test('weights taken from the previous run are tested on all the test images', async () => {
    const { runs, events, backend } = lifecycle();
    backend.ensureData.mockResolvedValue(fakeData(2000));
    await runs.start(testRecipe({ testExamples: 2000 }), 1);
    runs.interrupt();
    await runs.running();
    events.length = 0;
    await runs.start(testRecipe({ testExamples: 2000, init: 'previous', seed: 7 }), 1);
    expect(events).toContainEqual(
      expect.objectContaining({
        message: 'Testing the starting model on 2,000 test images…',
      }),
    );
    expect(events.find((e) => e.type === 'test-metrics')).not.toHaveProperty('images');
  });

  test('the same recipe stops the loop and goes on with the same run', async () => {
    const { runs, parts, loops } = lifecycle();
    const recipe = testRecipe();
    await runs.start(recipe);
    const first = runs.current();
    expect(loops[0]!.ended).toBe(false);
    await runs.start({ ...recipe });
    expect(loops[0]!.ended).toBe(true);
    expect(loops[0]!.control.stopRequested).toBe(false); // stopLoop clears its request
    expect(parts.createModel).toHaveBeenCalledOnce();
    expect(runs.current()).toBe(first);
    expect(loops).toHaveLength(2);
    await runs.stopLoop();
  });

  test('another recipe disposes the old run and builds a new one', async () => {
    const { runs, models } = lifecycle();
    await runs.start(testRecipe({ seed: 1 }));
    const old = runs.current()!;
    const disposeSession = vi.spyOn(old.session, 'dispose');
    await runs.start(testRecipe({ seed: 2 }));
    expect(models).toHaveLength(2);
    expect(models[0]!.dispose).toHaveBeenCalledOnce();
    expect(disposeSession).toHaveBeenCalledOnce();
    expect(runs.current()).not.toBe(old);
    await runs.stopLoop();
  });

  test('a diverged run is marked and never trained on again', async () => {
    const { runs, loops, parts } = lifecycle();
    const recipe = testRecipe();
    await runs.start(recipe);
    loops[0]!.end.resolve('diverged');
    await runs.running();
    expect(runs.current()?.diverged).toBe(true);
    await runs.start(recipe);
    expect(parts.createModel).toHaveBeenCalledTimes(2);
    await runs.stopLoop();
  });

  test('a failing loop goes to the failure report and leaves no loop running', async () => {
    const { runs, loops, reportFailure } = lifecycle();
    await runs.start(testRecipe());
    const error = new Error('kernel failed');
    loops[0]!.end.reject(error);
    await runs.running();
    expect(reportFailure).toHaveBeenCalledExactlyOnceWith(error);
    expect(runs.running()).toBeNull();
  });

  test('a session that cannot be built disposes its model and throws', async () => {
    const { runs, parts, models } = lifecycle();
    vi.mocked(parts.createSession).mockRejectedValueOnce(new Error('calibration failed'));
    await expect(runs.start(testRecipe())).rejects.toThrow('calibration failed');
    expect(models[0]!.dispose).toHaveBeenCalledOnce();
    expect(runs.current()).toBeNull();
  });

  test('a RecipeError from the model leaves the current run as it was', async () => {
    const { runs, parts } = lifecycle();
    await runs.start(testRecipe({ seed: 1 }));
    await runs.stopLoop();
    const kept = runs.current();
    vi.mocked(parts.createModel).mockImplementationOnce(() => {
      throw new RecipeError('no layer 9');
    });
    await expect(runs.start(testRecipe({ seed: 2 }))).rejects.toBeInstanceOf(RecipeError);
    expect(runs.current()).toBe(kept);
  });
});

describe('run lifecycle: init=previous', () => {
  test('copies the previous run weights and says from which step', async () => {
    const { runs, events, parts, models } = lifecycle();
    await runs.start(testRecipe({ seed: 1 }));
    await runs.stopLoop();
    events.length = 0;
    await runs.start(testRecipe({ seed: 2, init: 'previous' }));
    expect(parts.copyWeights).toHaveBeenCalledExactlyOnceWith(models[0], models[1]);
    expect(events[1]).toEqual({
      type: 'phase',
      phase: 'loading',
      message: "Starting from the previous run's weights (step 0).",
    });
    await runs.stopLoop();
  });

  test('starts fresh, saying why, without a previous run or when the weights do not fit', async () => {
    const { runs, events, parts } = lifecycle();
    await runs.start(testRecipe({ init: 'previous' }));
    await runs.stopLoop();
    expect(events[1]).toMatchObject({
      message: 'Starting from fresh weights: there is no previous run (reset or new data).',
    });
    vi.mocked(parts.copyWeights).mockReturnValueOnce('other layer shapes');
    events.length = 0;
    await runs.start(testRecipe({ init: 'previous', seed: 9 }));
    expect(events[1]).toMatchObject({
      message: 'Starting from fresh weights: other layer shapes.',
    });
    await runs.stopLoop();
  });
});

describe('run lifecycle: stopping and dropping', () => {
  test('interrupt asks the loop to stop; silent also hides the pause until ended', async () => {
    const { runs, loops } = lifecycle();
    await runs.start(testRecipe());
    const { control } = loops[0]!;
    runs.interrupt({ silent: true });
    expect(control).toMatchObject({ stopRequested: true, silentStop: true });
    await runs.stopLoop();
    expect(control).toMatchObject({ stopRequested: false, silentStop: true });
    runs.endSilentStop();
    expect(control.silentStop).toBe(false);
    runs.interrupt();
    expect(control).toMatchObject({ stopRequested: true, silentStop: false });
  });

  test('a dispose that throws (lost device) still drops the run', async () => {
    const { runs } = lifecycle();
    await runs.start(testRecipe());
    await runs.stopLoop();
    vi.spyOn(runs.current()!.session, 'dispose').mockImplementation(() => {
      throw new Error('device lost');
    });
    expect(() => runs.disposeRun()).toThrow('device lost');
    expect(runs.current()).toBeNull();
  });
});

describe('run lifecycle: withIdleRun', () => {
  test('refused without a run, and while training', async () => {
    const { runs, events } = lifecycle();
    const action = vi.fn(async () => undefined);
    await runs.withIdleRun('run the PTQ sweep', action);
    await runs.start(testRecipe({ steps: 10 }));
    events.length = 0;
    await runs.withIdleRun('export the weights', action);
    expect(action).not.toHaveBeenCalled();
    expect(events).toEqual([
      {
        type: 'error',
        kind: 'rejected',
        message: 'Cannot export the weights: training is running; pause it first.',
      },
    ]);
    await runs.stopLoop();
  });

  test('without a run the sentence says to start one', async () => {
    const { runs, events } = lifecycle();
    await runs.withIdleRun('run the PTQ sweep', async () => undefined);
    expect(events).toEqual([
      {
        type: 'error',
        kind: 'rejected',
        message: 'Cannot run the PTQ sweep: there is no trained model; start a run first.',
      },
    ]);
  });

  test('waits for a loop past its last step, then acts on the run', async () => {
    const { runs, parts, loops } = lifecycle();
    const session = fakeTrainingSession();
    session.step(); // the recipe's only step is done: the loop is only finishing its reads
    vi.mocked(parts.createSession).mockResolvedValueOnce(session);
    await runs.start(testRecipe({ steps: 1 }));
    const action = vi.fn(async () => undefined);
    const acting = runs.withIdleRun('export the weights', action);
    await flush();
    expect(action).not.toHaveBeenCalled();
    loops[0]!.end.resolve('finished');
    await acting;
    expect(action).toHaveBeenCalledExactlyOnceWith(runs.current());
  });
});
