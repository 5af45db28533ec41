// "Pretrain, then fine-tune": the stages' recipes, the run's step numbering and the cache key.
import { describe, expect, test, vi } from 'vitest';
import { createPretrainCache } from '../../src/engine/pretrain-cache';
import type { Model } from '../../src/engine/models/model';
import type { EngineEvent } from '../../src/engine/protocol';
import { shiftSteps } from '../../src/engine/step-shift';
import {
  fineTuneRecipe,
  pretrainRecipe,
  runStages,
  runSteps,
  stageTitle,
} from '../../src/settings/pretrain';
import { defaultRecipe, SETTINGS, type Recipe } from '../../src/settings/schema';
import { TECHNIQUES } from '../../src/settings/techniques';
import { recipeProblems } from '../../src/settings/validate-recipe';

/** Every technique on, a previous-run start and fine-tune settings away from their defaults. */
const EVERYTHING: Recipe = {
  ...defaultRecipe(),
  init: 'previous',
  pretrainSteps: 300,
  pretrainLearningRate: 0.02,
  steps: 200,
  learningRate: 0.001,
  seed: 7,
  batchSize: 32,
  model: 'mobilenet-tiny',
  activation: 'swish',
  r2: 'margin',
  kure: 'on',
  qat: 'lsq+',
  wBits: 3,
  aBits: '4',
  dampening: 0.5,
  freezing: 'on',
  bnReestimate: 'on',
  ptqEvery: 50,
  ptqAtEnd: 'on',
  ptqScheme: 'asymmetric',
  histBits: 3,
};

describe('pretrainRecipe: the float stage', () => {
  const pre = pretrainRecipe(EVERYTHING);

  test('trains pretrainSteps at the pretraining rate from fresh weights, as one stage', () => {
    expect(pre).toMatchObject({
      steps: 300,
      learningRate: 0.02,
      init: 'scratch',
      pretrainSteps: 0,
    });
  });

  test('every technique is off, its settings at their defaults, and no PTQ sweep runs', () => {
    expect(TECHNIQUES.filter((t) => t.isOn(pre)).map((t) => t.id)).toEqual([]);
    expect(pre).toMatchObject({ qat: 'off', r2: 'off', kure: 'off', dampening: 0 });
    expect(pre).toMatchObject({ freezing: 'off', bnReestimate: 'off', ptqAtEnd: 'off' });
    expect(pre.wBits).toBe(SETTINGS.wBits.default);
    expect(recipeProblems(pre)).toEqual([]);
  });

  test('keeps the data, model, seed, batch size, cadences and what the histogram shows', () => {
    for (const key of ['model', 'activation', 'seed', 'batchSize', 'optimizer'] as const) {
      expect(pre[key]).toBe(EVERYTHING[key]);
    }
    for (const key of ['lrSchedule', 'warmupSteps', 'evalEvery', 'testExamples'] as const) {
      expect(pre[key]).toBe(EVERYTHING[key]);
    }
    expect(pre).toMatchObject({ ptqScheme: 'asymmetric', histBits: 3 });
  });

  test('changes with its own settings only, not with the fine-tune', () => {
    const other = { ...EVERYTHING, wBits: 4, learningRate: 0.1, steps: 10, dampening: 2 };
    expect(pretrainRecipe(other)).toEqual(pre);
    expect(pretrainRecipe({ ...EVERYTHING, seed: 8 })).not.toEqual(pre);
  });
});

describe('the stages of a run', () => {
  test('pretrainSteps 0 is one stage: the recipe itself', () => {
    const recipe = defaultRecipe();
    expect(runStages(recipe)).toEqual([{ name: null, recipe, offset: 0 }]);
    expect(runStages(recipe)[0]!.recipe).toBe(recipe);
    expect(runSteps(recipe)).toBe(recipe.steps);
  });

  test('otherwise float pretraining, then the recipe from its weights at run step P', () => {
    const [first, second] = runStages(EVERYTHING);
    expect(first).toEqual({ name: 'pretrain', recipe: pretrainRecipe(EVERYTHING), offset: 0 });
    expect(second).toEqual({ name: 'fine-tune', recipe: fineTuneRecipe(EVERYTHING), offset: 300 });
    expect(fineTuneRecipe(EVERYTHING)).toEqual({
      ...EVERYTHING,
      init: 'previous',
      pretrainSteps: 0,
    });
    expect(runSteps(EVERYTHING)).toBe(500);
    expect(stageTitle('pretrain')).toBe('Stage 1/2: float pretraining');
    expect(stageTitle('fine-tune')).toBe('Stage 2/2: fine-tuning');
  });
});

describe('shiftSteps', () => {
  test('moves every step an event names, the weight trace rows too, and nothing else', () => {
    const trace: EngineEvent = {
      type: 'weight-trace',
      step: 4,
      layer: 'c',
      n: -4,
      p: 3,
      steps: [3, 4],
      values: [[1], [2]],
    };
    expect(shiftSteps(trace, 10)).toEqual({ ...trace, step: 14, steps: [13, 14] });
    expect(trace).toMatchObject({ step: 4, steps: [3, 4] });
    const stage = { type: 'stage', step: 0, stage: 'fine-tune', steps: 20 } as const;
    expect(shiftSteps(stage, 10)).toEqual({ ...stage, step: 10 });
    const phase = { type: 'phase', phase: 'running', message: 'Training…' } as const;
    expect(shiftSteps(phase, 10)).toBe(phase);
    const error = { type: 'error', kind: 'internal', message: 'x' } as const;
    expect(shiftSteps(error, 10)).toBe(error);
    expect(shiftSteps(stage, 0)).toBe(stage);
  });
});

describe('the pretrain cache', () => {
  const model = () => ({ dispose: vi.fn() }) as unknown as Model & { dispose: () => void };

  test('finds a pretraining by its stage-1 recipe, whatever the fine-tune or key order', () => {
    const cache = createPretrainCache();
    const entry = { model: model(), events: [], steps: 300 };
    cache.keep(EVERYTHING, entry);
    expect(cache.find({ ...EVERYTHING, wBits: 2, steps: 5 })).toBe(entry);
    const reordered = Object.fromEntries(Object.entries(EVERYTHING).reverse()) as Recipe;
    expect(cache.find(reordered)).toBe(entry);
    expect(cache.find({ ...EVERYTHING, pretrainSteps: 301 })).toBeNull();
    expect(cache.find({ ...EVERYTHING, backend: 'webgl' })).toBeNull();
  });

  test('disposes the model it replaces, and the one it holds when cleared', () => {
    const cache = createPretrainCache();
    const [a, b] = [model(), model()];
    cache.keep(EVERYTHING, { model: a, events: [], steps: 300 });
    cache.keep({ ...EVERYTHING, seed: 2 }, { model: b, events: [], steps: 300 });
    expect(a.dispose).toHaveBeenCalledOnce();
    expect(cache.find(EVERYTHING)).toBeNull();
    cache.clear();
    expect(b.dispose).toHaveBeenCalledOnce();
    expect(cache.find({ ...EVERYTHING, seed: 2 })).toBeNull();
  });
});
