import { copyWeights } from './models/copy-weights';
import { createModel } from './models/registry';
import { RecipeError } from './recipe-error';
import type { RunParts } from './run-lifecycle';
import { runLoop } from './training/run-loop';
import { createSession } from './training/session';
import { histogramLayerProblem } from './training/weight-histogram';

/** The real parts of a run: TensorFlow.js models, sessions and the training loop. */
export const tfjsRunParts: RunParts = {
  createModel(recipe, data) {
    const model = createModel(recipe.model, {
      activation: recipe.activation,
      numClasses: data.numClasses,
      seed: recipe.seed,
      imageSize: data.imageSize,
      inChannels: 1,
    });
    model.layers.forEach((layer) => {
      if (layer.bn) layer.bn.momentum = recipe.bnMomentum;
    });
    const badLayer = histogramLayerProblem(model, recipe);
    if (badLayer) {
      model.dispose();
      throw new RecipeError(badLayer);
    }
    return model;
  },
  copyWeights,
  createSession: (model, data, recipe) => createSession({ model, ...data, recipe }),
  runLoop,
};
