import * as tf from '@tensorflow/tfjs';
import { r2LayerSelection } from '../../core/regularizers/layers';
import { marginInit } from '../../core/regularizers/r2-margin';
import { r2LayerTerm, r2Total, type R2LayerSpec } from '../../core/regularizers/r2-loss';
import { r2RampFactor } from '../../core/regularizers/r2-schedule';
import { softMinMaxInitRaw } from '../../core/regularizers/r2-soft-min-max';
import type { WeightLayer } from '../models/model';
import type { LayerValues, TechniqueReport } from '../protocol';
import type { Technique, TechniqueFactory } from './technique';

/**
 * R2 range restriction (methods.md 2): one term per conv/depthwise/dense kernel, normalised by the
 * layer count, ramped in linearly over the first 5 % of steps. Margin and Soft-min-max carry one
 * learnable scalar per layer, trained by the model's optimizer.
 */
export const createR2: TechniqueFactory = (model, recipe) => {
  const variant = recipe.r2;
  if (variant === 'off') return null; // narrows the variant; the descriptor keeps R2 off then
  const layers = r2LayerSelection(model.layers) as WeightLayer[];
  const variables: tf.Variable[] = [];
  const specs: R2LayerSpec[] = layers.map((layer) => {
    if (variant === 'margin') {
      const margin = variableOf(tf.tidy(() => marginInit(layer.kernel)));
      variables.push(margin);
      return { variant, margin, hingePower: recipe.r2HingePower };
    }
    if (variant === 'soft-min-max') {
      const aRaw = variableOf(tf.scalar(softMinMaxInitRaw(recipe.r2InitTemperature)));
      variables.push(aRaw);
      return { variant, aRaw };
    }
    return { variant };
  });
  const technique: Technique = {
    id: 'r2',
    variables,
    loss: (step) => {
      const terms = layers.map((layer, i) => r2LayerTerm(layer.kernel, specs[i]!));
      return r2Total(terms, recipe.r2Weight, r2RampFactor(step, recipe.steps));
    },
    report: async () => reportLearned(layers, specs),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
  return technique;
};

/** A trainable variable holding `init`'s data; `init` itself is disposed (else one leaks per run). */
function variableOf(init: tf.Tensor): tf.Variable {
  const v = tf.variable(init);
  init.dispose();
  return v;
}

/** Learned margin M or temperature a_raw per layer (nothing for L-inf), one read per layer. */
async function reportLearned(
  layers: WeightLayer[],
  specs: R2LayerSpec[],
): Promise<TechniqueReport> {
  const out: LayerValues<'r2'>[] = [];
  for (const [i, spec] of specs.entries()) {
    if (spec.variant === 'margin') {
      out.push({ name: layers[i]!.name, values: { margin: (await spec.margin.data())[0]! } });
    } else if (spec.variant === 'soft-min-max') {
      out.push({ name: layers[i]!.name, values: { aRaw: (await spec.aRaw.data())[0]! } });
    }
  }
  return { technique: 'r2', layers: out };
}
