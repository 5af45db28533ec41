import * as tf from '@tensorflow/tfjs';
import { expect, test } from 'vitest';
import { RecipeError } from '../../../src/engine/recipe-error';
import { tfjsRunParts } from '../../../src/engine/run-parts';
import { fakeData, testRecipe } from './engine-fakes';

test('a histogram layer the model lacks is a RecipeError, and the model is freed', () => {
  const before = tf.memory().numTensors;
  const recipe = testRecipe({ histLayer: 99 });
  expect(() => tfjsRunParts.createModel(recipe, fakeData())).toThrow(RecipeError);
  expect(() => tfjsRunParts.createModel(recipe, fakeData())).toThrow(/Histogram layer 99/);
  expect(tf.memory().numTensors).toBe(before);
});

test('a fitting recipe gives a model for the data', () => {
  const model = tfjsRunParts.createModel(testRecipe({ histLayer: 0 }), fakeData());
  expect(model.layers.length).toBeGreaterThan(0);
  model.dispose();
});
