// Two-stage runs on fake parts: the order of the stages, what each is built from, the steps
// their events carry, and the kept pretraining.
import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../../src/engine/protocol';
import { runLoop } from '../../../src/engine/training/run-loop';
import { fineTuneRecipe, pretrainRecipe } from '../../../src/settings/pretrain';
import { fakeSession, finiteWindow } from '../../helpers/fake-session';
import { fakeLifecycle, flush, recorder, testRecipe } from './engine-fakes';

const PRE = 30;
const RECIPE = testRecipe({ pretrainSteps: PRE, steps: 20, qat: 'lsq', testExamples: 100 });

const stages = (events: EngineEvent[]) => events.filter((e) => e.type === 'stage');
const messages = (events: EngineEvent[]) =>
  events.flatMap((e) => (e.type === 'phase' ? [e.message] : []));

/** A lifecycle whose first start of RECIPE has finished stage 1 and built stage 2. */
async function inStageTwo() {
  const fake = fakeLifecycle();
  await fake.runs.start(RECIPE);
  fake.loops[0]!.end.resolve('finished');
  await flush();
  return fake;
}

describe('two-stage runs: the stages', () => {
  test('stage 1 trains the float recipe from step 0 and ends quietly', async () => {
    const { runs, events, loops, parts } = fakeLifecycle();
    await runs.start(RECIPE);
    expect(parts.createModel).toHaveBeenCalledExactlyOnceWith(
      pretrainRecipe(RECIPE),
      expect.anything(),
    );
    expect(stages(events)).toEqual([{ type: 'stage', step: 0, stage: 'pretrain', steps: PRE }]);
    expect(events.at(-3)).toEqual({
      type: 'test-metrics',
      step: 0,
      testAccuracy: 0.5,
      testLoss: 1,
    });
    expect(events.at(-2)).toMatchObject({ type: 'histogram', step: 0 });
    expect(events.at(-1)).toMatchObject({ type: 'layer-histograms', step: 0 });
    expect(runs.current()).toMatchObject({
      recipe: RECIPE,
      stage: { name: 'pretrain', offset: 0 },
    });
    expect(loops[0]!.options).toEqual({ liveMetricsMs: 250, stepOffset: 0, finalStage: false });
    await runs.stopLoop();
  });

  test("stage 2 starts from stage 1's weights at run step P, with its own schedule", async () => {
    const { runs, events, loops, parts, models } = await inStageTwo();
    expect(parts.copyWeights).toHaveBeenCalledExactlyOnceWith(models[0], models[1]);
    expect(parts.createModel).toHaveBeenLastCalledWith(fineTuneRecipe(RECIPE), expect.anything());
    expect(stages(events).at(-1)).toEqual({
      type: 'stage',
      step: PRE,
      stage: 'fine-tune',
      steps: 20,
    });
    expect(messages(events)).toContain("Starting from the float pretraining's weights (step 0).");
    expect(messages(events)).toContain('Testing the pretrained model on 100 test images…');
    expect(events.filter((e) => e.type === 'test-metrics').map((e) => e.step)).toEqual([0, PRE]);
    expect(loops[1]!.options).toEqual({ liveMetricsMs: 250, stepOffset: PRE, finalStage: true });
    expect(models[0]!.dispose).not.toHaveBeenCalled(); // kept for the next fine-tune
    await runs.stopLoop();
  });

  test('a diverged stage 1 stops the run: no stage 2', async () => {
    const { runs, events, loops } = fakeLifecycle();
    await runs.start(RECIPE);
    loops[0]!.end.resolve('diverged');
    await runs.running();
    expect(loops).toHaveLength(1);
    expect(runs.current()).toMatchObject({ diverged: true, stage: { name: 'pretrain' } });
    expect(stages(events)).toHaveLength(1);
  });

  test('paused in stage 1, the same recipe goes on with stage 1, then stage 2', async () => {
    const { runs, loops, parts } = fakeLifecycle();
    await runs.start(RECIPE);
    await runs.stopLoop();
    await runs.start({ ...RECIPE });
    expect(parts.createModel).toHaveBeenCalledOnce();
    expect(loops[1]!.options).toMatchObject({ stepOffset: 0, finalStage: false });
    loops[1]!.end.resolve('finished');
    await flush();
    expect(loops[2]!.options).toMatchObject({ stepOffset: PRE, finalStage: true });
    await runs.stopLoop();
  });

  test("a Step on stage 1's last step builds stage 2 and trains none of it", async () => {
    const { runs, loops } = fakeLifecycle();
    await runs.start(RECIPE, 1);
    runs.current()!.session.step();
    loops[0]!.end.resolve('finished');
    await flush();
    expect(loops[1]!.options).toMatchObject({ maxSteps: 0, stepOffset: PRE });
    await runs.stopLoop();
  });

  test("a command's events on stage 2 carry run steps", async () => {
    const { runs, events } = await inStageTwo();
    await runs.stopLoop();
    runs.emitForRun({ type: 'bn-reestimated', step: 5, batches: 4, before: 0.5, after: 0.6 });
    expect(events.at(-1)).toMatchObject({ type: 'bn-reestimated', step: PRE + 5 });
  });
});

describe('two-stage runs: the kept pretraining', () => {
  test('a recipe with the same stage 1 shows its events again and builds stage 2 only', async () => {
    const { runs, events, loops, parts, models } = await inStageTwo();
    loops[1]!.end.resolve('finished');
    await flush();
    const stageOne = events.slice(
      0,
      events.findIndex((e) => e.type === 'stage' && e.stage === 'fine-tune'),
    );
    events.length = 0;
    await runs.start({ ...RECIPE, wBits: 3, learningRate: 0.001 });
    expect(parts.createModel).toHaveBeenCalledTimes(3);
    expect(parts.copyWeights).toHaveBeenLastCalledWith(models[0], models[2]);
    expect(messages(events)[1]).toMatch(/^Reusing the float pretraining of an earlier run/);
    expect(events.filter((e) => e.type !== 'phase').slice(0, 4)).toEqual(
      stageOne.filter((e) => e.type !== 'phase'),
    );
    expect(loops[2]!.options).toMatchObject({ stepOffset: PRE, finalStage: true });
    await runs.stopLoop();
  });

  test('another pretraining replaces it, and dropping the run drops it too', async () => {
    const { runs, loops, models } = await inStageTwo();
    await runs.start({ ...RECIPE, pretrainLearningRate: 0.01 });
    expect(models[1]!.dispose).toHaveBeenCalledOnce();
    loops[2]!.end.resolve('finished');
    await flush();
    expect(models[0]!.dispose).toHaveBeenCalledOnce(); // replaced by models[2]
    await runs.stopLoop();
    runs.disposeRun();
    expect(models[2]!.dispose).toHaveBeenCalledOnce();
    expect(models[3]!.dispose).toHaveBeenCalledOnce();
  });

  test('a stage 1 a command acted on mid-way is not kept (a BN re-estimation changes it)', async () => {
    const { runs, events, loops, parts, models } = fakeLifecycle();
    await runs.start(RECIPE);
    await runs.stopLoop();
    await runs.withIdleRun('re-estimate BN statistics', async () => undefined);
    await runs.start(RECIPE);
    loops[1]!.end.resolve('finished');
    await flush();
    expect(models[0]!.dispose).toHaveBeenCalledOnce(); // once stage 2 had its weights
    await runs.start({ ...RECIPE, wBits: 3 });
    expect(messages(events).some((m) => m.startsWith('Reusing'))).toBe(false);
    expect(parts.createModel).toHaveBeenLastCalledWith(pretrainRecipe(RECIPE), expect.anything());
    await runs.stopLoop();
  });
});

describe('run loop of a stage', () => {
  const recipe = testRecipe({ steps: 4, metricsEvery: 2, evalEvery: 4, ptqAtEnd: 'off' });
  const control = () => ({ stopRequested: false, running: null });

  test('a first stage counts run steps from its offset and ends without a finished phase', async () => {
    const { events, emit } = recorder();
    const session = fakeSession(() => finiteWindow(2));
    const options = { stepOffset: 0, finalStage: false };
    expect(await runLoop(session, recipe, control(), emit, options)).toBe('finished');
    expect(messages(events)).toEqual(['Training…']);
  });

  test('a later stage shifts every step, messages included', async () => {
    const { events, emit } = recorder();
    const session = fakeSession(() => finiteWindow(2));
    await runLoop(session, recipe, control(), emit, { stepOffset: 10, maxSteps: 2 });
    expect(messages(events)).toEqual(['Training…', 'Paused at step 12.']);
    await runLoop(session, recipe, control(), emit, { stepOffset: 10 });
    expect(messages(events).at(-1)).toBe('Finished 14 steps.');
    const steps = events.flatMap((e) => ('step' in e && e.step !== undefined ? [e.step] : []));
    expect(Math.min(...steps)).toBe(12);
    expect(events.filter((e) => e.type === 'test-metrics').map((e) => e.step)).toEqual([14]);
  });
});
