import type { Recipe } from '../../settings/schema';
import {
  TECHNIQUE,
  TRAINING_TECHNIQUE_IDS,
  type TrainingTechniqueId,
} from '../../settings/techniques';
import type { ForwardHooks, Model } from '../models/model';
import { createKure } from './kure';
import { createOscillation } from './oscillation';
import { createQat } from './qat';
import { createR2 } from './r2';
import type { Technique, TechniqueFactory } from './technique';

/** The factory of every training technique, by descriptor id (the compiler asks for each). */
const FACTORIES: Readonly<Record<TrainingTechniqueId, TechniqueFactory>> = {
  r2: createR2,
  kure: createKure,
  qat: createQat,
  oscillation: createOscillation,
};

/**
 * The techniques a recipe switches on (their descriptors decide), built for `model` in
 * descriptor order, which is the order their terms and hooks apply: the oscillation technique
 * comes right after QAT, whose weight quantizers it reads and whose fake-quantized kernel its
 * freezing hook post-processes.
 */
export function createTechniques(model: Model, recipe: Recipe): Technique[] {
  const built: Technique[] = [];
  for (const id of TRAINING_TECHNIQUE_IDS) {
    if (!TECHNIQUE[id].isOn(recipe)) continue;
    const technique = FACTORIES[id](model, recipe, built);
    if (technique !== null) built.push(technique);
  }
  return built;
}

/** One set of hooks applying every technique's hooks in order (undefined when none has any). */
export function composeHooks(techniques: readonly Technique[]): ForwardHooks | undefined {
  const all = techniques.flatMap((t) => (t.hooks ? [t.hooks] : []));
  if (all.length === 0) return undefined;
  return {
    weight: (layer, kernel) => all.reduce((k, h) => (h.weight ? h.weight(layer, k) : k), kernel),
    input: (layer, x) => all.reduce((v, h) => (h.input ? h.input(layer, v) : v), x),
  };
}
