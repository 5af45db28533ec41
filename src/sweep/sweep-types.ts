/**
 * The shapes every part of a sweep shares: the spec a user writes, one planned run, one run's
 * summary and the metrics read from it. Types only, so the lab, Node and the tests agree on them.
 */
import type { Recipe, SettingKey } from '../settings/schema';

/** A knob's value: a number setting's number or an enum setting's option (on/off included). */
export type KnobValue = number | string;

/** Most runs (values × seeds) one sweep may plan. */
export const MAX_SWEEP_RUNS = 64;
/** Seeds per value: allowed range and default. */
export const MIN_SWEEP_SEEDS = 1;
export const MAX_SWEEP_SEEDS = 10;
export const DEFAULT_SWEEP_SEEDS = 3;

/** A sweep: recipe A (held elsewhere) run over `values` of one `knob`, `seeds` seeds each. */
export interface SweepSpec {
  knob: SettingKey;
  values: KnobValue[];
  seeds: number;
  /** The metric plotted first; any other can be chosen after the fact. */
  metric: SweepMetricId;
}

/** One planned run of a sweep. */
export interface SweepRun {
  /** The run's full recipe as its canonical link query (`encodeRecipe`): equal recipes, equal keys. */
  key: string;
  valueIndex: number;
  value: KnobValue;
  /** Index of the seed (0..seeds-1) and the seed itself (recipe A's seed + index). */
  seedIndex: number;
  seed: number;
  recipe: Recipe;
}

/** The numbers a finished run leaves, reduced from its engine events (src/sweep/run-summary.ts). */
export type { RunSummary } from './run-summary';

/** The metrics a sweep can plot, each read from a {@link RunSummary}. */
export const SWEEP_METRIC_IDS = [
  'test-acc',
  'fp-acc',
  'ptq-w2',
  'ptq-w3',
  'ptq-w4',
  'ptq-w5',
  'ptq-w6',
  'ptq-w7',
  'ptq-w8',
  'kurtosis',
  'max-std',
  'osc-freq',
  'frozen',
  'loss',
  'loss-task',
  'loss-r2',
  'loss-kure',
  'loss-dampening',
] as const;
export type SweepMetricId = (typeof SWEEP_METRIC_IDS)[number];
