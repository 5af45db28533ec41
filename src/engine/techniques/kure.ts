import { kureLayerSelection } from '../../core/regularizers/layers';
import { kureTerms } from '../../core/regularizers/kure';
import type { WeightLayer } from '../models/model';
import type { TechniqueFactory } from './technique';

/**
 * KURE (methods.md 3): lambda * mean_l (Kurt[W_l] - K_T)^2 over the chosen layers: by default
 * every conv and depthwise kernel except the first conv, dense layers not regularised.
 */
export const createKure: TechniqueFactory = (model, recipe) => {
  const layers = kureLayerSelection(model.layers, recipe.kureLayers) as WeightLayer[];
  if (layers.length === 0) return null; // e.g. a one-conv model: nothing to regularise
  return {
    id: 'kure',
    variables: [],
    loss: () =>
      kureTerms(
        layers.map((l) => l.kernel),
        { lambda: recipe.kureWeight, target: recipe.kureTarget },
      ).loss,
    dispose: () => {},
  };
};
