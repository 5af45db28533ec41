import type { Model } from '../models/model';
import type { TrainConfig } from '../protocol';
import { createKure } from './kure';
import { createR2 } from './r2';
import type { Technique, TechniqueFactory } from './technique';

/** Every technique the loop knows, in the order their terms are reported. */
const FACTORIES: readonly TechniqueFactory[] = [createR2, createKure];

/** The techniques a recipe switches on, built for `model`. */
export function createTechniques(model: Model, config: TrainConfig): Technique[] {
  return FACTORIES.map((create) => create(model, config)).filter((t): t is Technique => t !== null);
}

export type { Technique } from './technique';
