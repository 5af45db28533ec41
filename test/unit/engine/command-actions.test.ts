import { describe, expect, test, vi } from 'vitest';
import { createCommandActions, type CommandActionDeps } from '../../../src/engine/command-actions';
import type { EngineCommand } from '../../../src/engine/protocol';
import type { Run } from '../../../src/engine/run-lifecycle';
import { ptqMethod, sensitivityQuantizer } from '../../../src/engine/training/ptq-sweep';
import { ptqQuantizerOf } from '../../../src/settings/ptq-quantizer';
import { fakeData, fakeRun, recorder, testRecipe } from './engine-fakes';

/** Actions over a fake lifecycle (idle, on `run`) and a fake backend. */
function actions(
  options: { run?: Run | null; running?: Promise<void> | null; gpu?: boolean } = {},
) {
  const { events, emit, types } = recorder();
  const log: string[] = [];
  const run = options.run ?? null;
  const lifecycle: CommandActionDeps['lifecycle'] = {
    current: () => run,
    running: () => options.running ?? null,
    start: vi.fn(async () => void log.push('start')),
    stopLoop: vi.fn(async () => void log.push('stopLoop')),
    disposeRun: vi.fn(() => void log.push('disposeRun')),
    withIdleRun: vi.fn(async (_what: string, action: (run: Run) => Promise<void>) => {
      if (run) await action(run);
    }),
  };
  const backend: CommandActionDeps['backend'] = {
    ensureData: vi.fn(async () => fakeData()),
    destroyDevice: vi.fn(() => options.gpu ?? false),
    describe: () => 'the lab runs on CPU',
    setSpeedTrials: vi.fn(),
  };
  const perform = createCommandActions({
    emit: (e) => (log.push(e.type), emit(e)),
    lifecycle,
    backend,
  });
  return { perform, events, types, log, lifecycle, backend };
}

describe('command actions: training', () => {
  test('start trains on the recipe with no step limit', async () => {
    const a = actions();
    const recipe = testRecipe({ steps: 50 });
    await a.perform({ type: 'start', recipe });
    expect(a.lifecycle.start).toHaveBeenCalledExactlyOnceWith(recipe);
  });

  test('step trains one step and settles only when that loop has ended', async () => {
    let endLoop!: () => void;
    const running = new Promise<void>((resolve) => (endLoop = resolve));
    const a = actions({ running });
    const recipe = testRecipe();
    let settled = false;
    const done = a.perform({ type: 'step', recipe }).then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(a.lifecycle.start).toHaveBeenCalledExactlyOnceWith(recipe, 1);
    expect(settled).toBe(false);
    endLoop();
    await done;
  });

  test('resume goes on with the run recipe; refused after a divergence; nothing without a run', async () => {
    const run = fakeRun();
    const resumed = actions({ run });
    await resumed.perform({ type: 'resume' });
    expect(resumed.lifecycle.start).toHaveBeenCalledExactlyOnceWith(run.recipe);

    const diverged = actions({ run: fakeRun({ diverged: true }) });
    await diverged.perform({ type: 'resume' });
    expect(diverged.lifecycle.start).not.toHaveBeenCalled();
    expect(diverged.events).toEqual([
      {
        type: 'error',
        kind: 'rejected',
        message: 'Cannot resume a run that diverged; start a new run or reset.',
      },
    ]);

    const none = actions();
    await none.perform({ type: 'resume' });
    expect(none.lifecycle.start).not.toHaveBeenCalled();
    expect(none.events).toEqual([]);
  });

  test('pause stops the loop; reset also drops the run, then says it is ready', async () => {
    const a = actions({ run: fakeRun() });
    await a.perform({ type: 'pause' });
    expect(a.log).toEqual(['stopLoop']);
    await a.perform({ type: 'reset' });
    expect(a.log).toEqual(['stopLoop', 'stopLoop', 'disposeRun', 'phase']);
    expect(a.events).toEqual([{ type: 'phase', phase: 'idle', message: 'Reset: ready to train.' }]);
  });
});

describe('command actions: on the idle run', () => {
  test('each goes through withIdleRun with the sentence it is refused with', async () => {
    const a = actions();
    await a.perform({ type: 'bn-reestimate' });
    await a.perform({ type: 'ptq' });
    await a.perform({ type: 'export-weights', bits: 4 });
    await a.perform({ type: 'sensitivity', bits: 3 });
    const whats = vi.mocked(a.lifecycle.withIdleRun).mock.calls.map(([what]) => what);
    expect(whats).toEqual([
      're-estimate BN statistics',
      'run the PTQ sweep',
      'export the weights',
      'measure per-layer sensitivity',
    ]);
  });

  test('sensitivity reports every layer against float and all layers, on the asked images', async () => {
    const run = fakeRun();
    const measure = vi.spyOn(run.session, 'layerSensitivity');
    const a = actions({ run });
    await a.perform({ type: 'sensitivity', bits: 3, images: 500 });
    expect(measure).toHaveBeenCalledExactlyOnceWith(3, 500, expect.any(Function));
    const progress = (done: number) => ({
      type: 'sensitivity-progress',
      done,
      total: 2,
      images: 500,
    });
    expect(a.events).toEqual([
      progress(0),
      progress(1),
      progress(2),
      {
        type: 'layer-sensitivity',
        step: 0,
        bits: 3,
        images: 500,
        method: ptqMethod(run.recipe, sensitivityQuantizer(ptqQuantizerOf(run.recipe))),
        fpAccuracy: 0.5,
        allAccuracy: 0.3,
        layers: [{ name: 'conv1', accuracy: 0.4 }],
      },
    ]);
    expect(a.events[3]!.type === 'layer-sensitivity' && a.events[3]!.method).toMatch(
      /^per-channel symmetric.*biases FP32$/,
    );
  });

  test("sensitivity without an image count evaluates all the recipe's test images", async () => {
    const run = fakeRun();
    const measure = vi.spyOn(run.session, 'layerSensitivity');
    await actions({ run }).perform({ type: 'sensitivity', bits: 2 });
    expect(measure).toHaveBeenCalledExactlyOnceWith(
      2,
      run.recipe.testExamples,
      expect.any(Function),
    );
  });

  test('a slow backend measures sensitivity on as many images as fit the time budget', async () => {
    const run = fakeRun({ recipe: testRecipe({ testExamples: 2000 }) });
    const measure = vi.spyOn(run.session, 'layerSensitivity');
    const evaluate = vi.spyOn(run.session, 'evaluate');
    // The 500-image float pass takes 5 s: 2 passes of 0.01 s per image fit 1,000 images in 20 s.
    vi.spyOn(performance, 'now').mockReturnValueOnce(0).mockReturnValueOnce(5000);
    const a = actions({ run });
    await a.perform({ type: 'sensitivity', bits: 4 });
    vi.mocked(performance.now).mockRestore();
    expect(evaluate.mock.calls).toEqual([[500], [1000]]);
    expect(measure).toHaveBeenCalledExactlyOnceWith(4, 1000, expect.any(Function));
    expect(a.events.at(-1)).toMatchObject({ type: 'layer-sensitivity', images: 1000 });
    expect(a.events[0]).toEqual({ type: 'sensitivity-progress', done: 0, total: 2, images: 500 });
    expect(a.events[1]).toEqual({ type: 'sensitivity-progress', done: 1, total: 2, images: 1000 });
  });

  test('ptq reports the sweep with the float accuracy it is compared against', async () => {
    const run = fakeRun();
    const a = actions({ run });
    await a.perform({ type: 'ptq' });
    const quantizer = ptqQuantizerOf(run.recipe);
    expect(a.events).toEqual([
      {
        type: 'ptq',
        step: 0,
        method: ptqMethod(run.recipe),
        fpAccuracy: 0.5,
        points: [],
        quantizer,
        images: 2000,
      },
    ]);
  });

  test('ptq with overrides sweeps with them on top of the recipe quantizer, named in the method', async () => {
    const run = fakeRun();
    const sweep = vi.spyOn(run.session, 'ptqSweep');
    const a = actions({ run });
    await a.perform({ type: 'ptq', quantizer: { granularity: 'per-tensor', stepScale: 1.5 } });
    const quantizer = ptqQuantizerOf(run.recipe, { granularity: 'per-tensor', stepScale: 1.5 });
    expect(sweep).toHaveBeenCalledExactlyOnceWith(quantizer);
    const [event] = a.events;
    expect(event).toMatchObject({ type: 'ptq', quantizer });
    expect(event?.type === 'ptq' && event.method).toMatch(/^per-tensor symmetric.*step x1\.5/);
  });

  test('ptq with bad overrides is rejected before any sweep, naming the field', async () => {
    const run = fakeRun();
    const sweep = vi.spyOn(run.session, 'ptqSweep');
    const a = actions({ run });
    const bad = [{ stepScale: 0 }, { stepScale: 17 }, { range: 'percentile' }, { fold: 'yes' }];
    for (const quantizer of bad) {
      await a.perform({ type: 'ptq', quantizer } as unknown as EngineCommand);
    }
    await a.perform({ type: 'ptq', quantizer: { stepsScale: 2 } } as unknown as EngineCommand);
    expect(sweep).not.toHaveBeenCalled();
    expect(a.types()).toEqual(Array(5).fill('error:rejected'));
    expect(a.events[0]).toMatchObject({
      message: /^Cannot run the PTQ sweep: quantizer\.stepScale/,
    });
    expect(a.events[4]).toMatchObject({ message: /stepsScale/ });
  });

  test('bn-reestimate reports before and after', async () => {
    const a = actions({ run: fakeRun() });
    await a.perform({ type: 'bn-reestimate' });
    expect(a.events).toEqual([
      { type: 'bn-reestimated', step: 0, batches: 0, before: 0.5, after: 0.5 },
    ]);
  });
});

describe('command actions: data and drills', () => {
  test('probe loads backend and data, then says the lab is ready', async () => {
    const a = actions();
    const recipe = testRecipe();
    await a.perform({ type: 'probe', recipe });
    expect(a.backend.ensureData).toHaveBeenCalledExactlyOnceWith(recipe);
    expect(a.types()).toEqual(['phase:idle']);
  });

  test('probe never swaps data under a running loop', async () => {
    const a = actions({ running: new Promise<void>(() => undefined) });
    await a.perform({ type: 'probe', recipe: testRecipe() });
    expect(a.backend.ensureData).not.toHaveBeenCalled();
    expect(a.events).toEqual([]);
  });

  test('simulate-device-loss destroys the device quietly, or says there is none', async () => {
    const gpu = actions({ gpu: true });
    await gpu.perform({ type: 'simulate-device-loss' });
    expect(gpu.backend.destroyDevice).toHaveBeenCalledOnce();
    expect(gpu.events).toEqual([]);

    const cpu = actions();
    await cpu.perform({ type: 'simulate-device-loss' });
    expect(cpu.events).toEqual([
      {
        type: 'error',
        kind: 'backend',
        message: 'There is no GPU device to lose: the lab runs on CPU.',
      },
    ]);
  });

  test('simulate-crash is refused: only a worker can crash', async () => {
    const a = actions();
    await a.perform({ type: 'simulate-crash' });
    expect(a.events).toEqual([
      { type: 'error', kind: 'rejected', message: 'Only a worker can crash.' },
    ]);
  });
});
