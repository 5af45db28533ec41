import type { ForwardHooks, Model } from '../models/model';
import type { TrainConfig } from '../protocol';
import { createKure } from './kure';
import { createQat } from './qat';
import { createR2 } from './r2';
import type { Technique, TechniqueFactory } from './technique';

/** Every technique the loop knows, in the order their terms and hooks apply. */
const FACTORIES: readonly TechniqueFactory[] = [createR2, createKure, createQat];

/** The techniques a recipe switches on, built for `model`. */
export function createTechniques(model: Model, config: TrainConfig): Technique[] {
  return FACTORIES.map((create) => create(model, config)).filter((t): t is Technique => t !== null);
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

export type { LayerValues, Technique } from './technique';
