import type { ForwardHooks, Model } from '../models/model';
import type { Recipe } from '../../settings/schema';
import { createKure } from './kure';
import { createOscillation } from './oscillation';
import { createQat } from './qat';
import { createR2 } from './r2';
import type { Technique, TechniqueFactory } from './technique';

/** A factory that may also see the techniques built before it (e.g. QAT's quantizers). */
type ChainedFactory = (
  ...args: [...Parameters<TechniqueFactory>, earlier: readonly Technique[]]
) => Technique | null;

/**
 * Every technique the loop knows, in the order their terms and hooks apply. The oscillation
 * technique comes right after QAT: it reads QAT's weight quantizers, and its freezing hook
 * post-processes QAT's fake-quantized kernel.
 */
const FACTORIES: readonly ChainedFactory[] = [createR2, createKure, createQat, createOscillation];

/** The techniques a recipe switches on, built for `model`. */
export function createTechniques(model: Model, recipe: Recipe): Technique[] {
  const built: Technique[] = [];
  for (const create of FACTORIES) {
    const technique = create(model, recipe, built);
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

export type { LayerValues, Technique } from './technique';
