// Two-stage runs ("pretrain, then fine-tune") on the real engine: stage 2 starts from stage 1's
// weights bit for bit, its events carry run steps, and a kept pretraining gives the same run.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../src/engine/protocol';
import { pretrainRecipe } from '../../src/settings/pretrain';
import type { Recipe } from '../../src/settings/schema';
import { only, recordingEngine, testRecipe } from '../helpers/node-engine';

const PRE = 4;

/** Float pretraining, then a KURE fine-tune: KURE changes the loss, not the evaluation. */
const RECIPE = testRecipe({
  pretrainSteps: PRE,
  pretrainLearningRate: 0.01,
  steps: 4,
  learningRate: 0.003,
  kure: 'on',
  batchSize: 8,
  metricsEvery: 2,
  evalEvery: 4,
  testExamples: 100,
  warmupSteps: 0,
  ptqAtEnd: 'off',
});

type Recording = ReturnType<typeof recordingEngine>;

/** Start `recipe` on `rec`'s engine and wait until it finishes or fails; returns its events. */
async function runToEnd(rec: Recording, recipe: Recipe): Promise<EngineEvent[]> {
  const from = rec.events.length;
  const done = rec.until(['finished', 'failed']);
  await rec.engine.handle({ type: 'start', recipe });
  await done;
  return rec.events.slice(from);
}

/** The metric events of a stream without what timing and memory change (speed, tensors). */
function metrics(events: readonly EngineEvent[]): EngineEvent[] {
  return events.flatMap((e): EngineEvent[] => {
    if (e.type === 'phase' || e.type === 'backend' || e.type === 'dataset') return [];
    if (e.type !== 'train-metrics') return [e];
    const { stepsPerSecond, memory, ...rest } = e;
    void stepsPerSecond;
    void memory;
    return [{ ...rest, stepsPerSecond: 0 }];
  });
}

/** The fp32 weights the engine exports now, as base64. */
async function exportedWeights(rec: Recording): Promise<Extract<EngineEvent, { type: 'weights' }>> {
  await rec.engine.handle({ type: 'export-weights', bits: 4 });
  return only(rec.events, 'weights').at(-1)!;
}

describe('two-stage runs on the CPU backend', () => {
  test('stage 2 events carry run steps; stage 1 ends quietly; the baseline equals its end', async () => {
    const rec = recordingEngine();
    const events = await runToEnd(rec, RECIPE);
    expect(only(events, 'error')).toEqual([]);
    expect(only(events, 'stage')).toEqual([
      { type: 'stage', step: 0, stage: 'pretrain', steps: PRE },
      { type: 'stage', step: PRE, stage: 'fine-tune', steps: 4 },
    ]);
    expect(only(events, 'train-metrics').map((e) => e.step)).toEqual([2, 4, 6, 8]);
    expect(only(events, 'train-metrics').map((e) => Object.keys(e.terms))).toEqual([
      ['task'],
      ['task'],
      ['task', 'kure'],
      ['task', 'kure'],
    ]);
    const tests = only(events, 'test-metrics');
    expect(tests.map((e) => e.step)).toEqual([0, PRE, PRE, 8]);
    // The same weights and BN statistics on the same images: stage 1's end is stage 2's start.
    expect(tests[2]).toEqual(tests[1]);
    const finished = only(events, 'phase').filter((e) => e.phase === 'finished');
    expect(finished.map((e) => e.message)).toEqual(['Finished 8 steps.']);

    await rec.engine.handle({ type: 'ptq' });
    await rec.engine.handle({ type: 'bn-reestimate' });
    expect(only(rec.events, 'ptq').at(-1)?.step).toBe(8);
    expect(only(rec.events, 'bn-reestimated').at(-1)?.step).toBe(8);
    expect((await exportedWeights(rec)).step).toBe(8);
    await rec.engine.destroy();
  });

  test("stage 2 starts from exactly stage 1's final weights", async () => {
    // Stage 1 alone, as a one-stage run of its own recipe.
    const alone = recordingEngine();
    await runToEnd(alone, pretrainRecipe(RECIPE));
    const pretrained = await exportedWeights(alone);
    await alone.engine.destroy();

    // Step by step to the end of stage 1: the last step builds stage 2 and pauses at its step 0.
    const staged = recordingEngine();
    for (let i = 0; i < PRE; i++) await staged.engine.handle({ type: 'step', recipe: RECIPE });
    expect(only(staged.events, 'phase').at(-1)).toMatchObject({ phase: 'paused' });
    expect(only(staged.events, 'stage').map((e) => e.stage)).toEqual(['pretrain', 'fine-tune']);
    const handedOver = await exportedWeights(staged);
    expect(handedOver.step).toBe(PRE);
    expect(handedOver.fp32).toEqual(pretrained.fp32);

    // Resuming goes on with stage 2 to the run's end.
    const done = staged.until(['finished', 'failed']);
    await staged.engine.handle({ type: 'resume' });
    await done;
    expect(only(staged.events, 'test-metrics').at(-1)?.step).toBe(8);
    await staged.engine.destroy();
  });

  test('a kept pretraining gives the same events; nothing is left behind', async () => {
    const before = tf.memory().numTensors;
    const rec = recordingEngine();
    const first = await runToEnd(rec, RECIPE);
    const afterFirst = tf.memory().numTensors;
    const second = await runToEnd(rec, { ...RECIPE });
    expect(only(second, 'phase').map((e) => e.message)).toContain(
      'Reusing the float pretraining of an earlier run (4 steps, same data, model, seed and settings).',
    );
    expect(metrics(second)).toEqual(metrics(first));
    expect(tf.memory().numTensors).toBe(afterFirst);

    // Another fine-tune of the same pretraining reuses it too.
    const third = await runToEnd(rec, { ...RECIPE, kureWeight: 0.5 });
    const stageOne = (events: EngineEvent[]) => {
      const all = metrics(events);
      return all.slice(
        0,
        all.findIndex((e) => e.type === 'stage' && e.stage === 'fine-tune'),
      );
    };
    expect(stageOne(first).length).toBeGreaterThan(4);
    expect(stageOne(third)).toEqual(stageOne(first));
    expect(only(third, 'phase').some((e) => e.message.startsWith('Reusing'))).toBe(true);
    await rec.engine.destroy();
    expect(tf.memory().numTensors).toBe(before);
  });
});
