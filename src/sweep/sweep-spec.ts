/**
 * What a sweep may be: which settings can be swept, how a typed value is read, what a spec must
 * satisfy (one plain sentence per problem, for the UI) and its zod form for stored sweeps. Pure.
 */
import { z } from 'zod';
import { clip, quote } from '../settings/problem-text';
import {
  SETTINGS,
  SETTING_KEYS,
  type Recipe,
  type SettingGroup,
  type SettingKey,
} from '../settings/schema';
import { describeAllowed, numberFromText, valueProblem } from '../settings/spec-check';
import { recipeProblems } from '../settings/validate-recipe';
import {
  MAX_SWEEP_RUNS,
  MAX_SWEEP_SEEDS,
  MIN_SWEEP_SEEDS,
  SWEEP_METRIC_IDS,
  type KnobValue,
  type SweepMetricId,
  type SweepSpec,
} from './sweep-types';

export { linearRange, logRange, MAX_RANGE_POINTS, MIN_RANGE_POINTS } from './sweep-range';
export type { RangeResult } from './sweep-range';

/** Whether a setting can be a sweep's knob: any but the seed, which is each value's replicates. */
export function isSweepable(key: SettingKey): boolean {
  return key !== 'seed' && Object.hasOwn(SETTINGS, key);
}

/** Every sweepable setting, in table order. */
export function sweepableKnobs(): SettingKey[] {
  return SETTING_KEYS.filter(isSweepable);
}

/** A value as a message shows it: numbers as written, text clipped and quoted. */
export function showKnobValue(value: KnobValue): string {
  return typeof value === 'string' ? quote(value) : clip(String(value));
}

/**
 * One typed or linked value of `key`, checked against its spec as is (no clamping, no rounding):
 * the value, or one sentence saying why not.
 */
export function parseKnobValue(
  key: SettingKey,
  raw: string,
): { value: KnobValue } | { problem: string } {
  const spec = SETTINGS[key];
  const text = raw.trim();
  if (spec.kind === 'enum') {
    if (spec.options.some((o) => o.value === text)) return { value: text };
    return { problem: `${spec.label}: ${quote(raw)} is not one of ${describeAllowed(spec)}.` };
  }
  const parsed = numberFromText(text);
  if (parsed === null) {
    return { problem: `${spec.label}: ${quote(raw)} is not a number (${describeAllowed(spec)}).` };
  }
  const problem = valueProblem(spec, parsed);
  // `+ 0` turns -0 into 0, so "-0" and "0" are one value.
  return problem ? { problem: `${spec.label}: ${problem}.` } : { value: parsed + 0 };
}

/** Recipe A with the knob set to one value: a sweep run's recipe before its seed. */
export function withKnob(recipe: Recipe, key: SettingKey, value: KnobValue): Recipe {
  return { ...recipe, [key]: value };
}

/**
 * The metric a sweep of `key` plots first: quantized accuracy for the knobs that exist to make
 * weights quantize well (R2, KURE, the PTQ quantizer), test accuracy for the rest.
 */
export function defaultSweepMetric(key: SettingKey): SweepMetricId {
  const group: SettingGroup = SETTINGS[key].group;
  return group === 'regularizers' || group === 'ptq' ? 'ptq-w3' : 'test-acc';
}

/** One problem with a sweep: the part of the form it belongs to and a sentence for the UI. */
export interface SweepProblem {
  part: 'knob' | 'values' | 'seeds' | 'metric' | 'runs';
  message: string;
}

/** Every problem of `spec` against recipe A: the spec's own, then runs that cannot train. */
export function sweepProblems(spec: SweepSpec, recipe: Recipe): SweepProblem[] {
  const own = sweepSpecProblems(spec);
  return own.some((p) => p.part === 'knob') ? own : [...own, ...sweepRecipeProblems(spec, recipe)];
}

/** The spec's problems that do not depend on recipe A (knob, values, seeds, metric, run count). */
export function sweepSpecProblems(spec: SweepSpec): SweepProblem[] {
  if (!isSweepable(spec.knob)) return [knobProblem(spec.knob)];
  return [
    ...valueProblems(spec),
    ...seedsProblems(spec.seeds),
    ...metricProblems(spec),
    ...runsProblems(spec),
  ];
}

/**
 * Runs that cannot train (`recipeProblems` of A with the knob at a value): one sentence per
 * problem, naming the values that cause it. Values the spec itself rejects are skipped.
 */
export function sweepRecipeProblems(spec: SweepSpec, recipe: Recipe): SweepProblem[] {
  if (!isSweepable(spec.knob)) return [];
  const knobSpec = SETTINGS[spec.knob];
  const fine = [...new Set(spec.values)].filter((v) => valueProblem(knobSpec, v) === null);
  const byProblem = new Map<string, KnobValue[]>();
  for (const value of fine) {
    for (const problem of recipeProblems(withKnob(recipe, spec.knob, value))) {
      byProblem.set(problem, [...(byProblem.get(problem) ?? []), value]);
    }
  }
  return [...byProblem].map(([problem, values]) => ({
    part: 'runs',
    message:
      values.length === fine.length && fine.length > 1
        ? `Runs: no run can train: ${problem}`
        : `Runs: with ${knobSpec.label} = ${listValues(values)}: ${problem}`,
  }));
}

/** A few values for a message, then how many more (a 64-value list stays one short line). */
function listValues(values: KnobValue[], shown = 3): string {
  const more = values.length > shown ? ` and ${values.length - shown} more` : '';
  return `${values.slice(0, shown).map(showKnobValue).join(', ')}${more}`;
}

function knobProblem(knob: string): SweepProblem {
  const message =
    knob === 'seed'
      ? 'Knob: the seed cannot be swept; each value already runs over several seeds.'
      : `Knob: ${quote(knob)} is not a setting that can be swept.`;
  return { part: 'knob', message };
}

function valueProblems({ knob, values }: SweepSpec): SweepProblem[] {
  const spec = SETTINGS[knob];
  if (values.length === 0) return [{ part: 'values', message: 'Values: give at least one value.' }];
  const out: SweepProblem[] = [];
  const seen = new Set<KnobValue>();
  for (const value of values) {
    // Clipped before the check, so a long bad text is echoed short (it fails either way).
    const problem = valueProblem(spec, typeof value === 'string' ? clip(value) : value);
    if (problem) out.push({ part: 'values', message: `Values: ${spec.label}: ${problem}.` });
    else if (seen.has(value)) {
      out.push({ part: 'values', message: `Values: ${showKnobValue(value)} is listed twice.` });
    }
    seen.add(value);
  }
  return out;
}

const seedsOk = (seeds: number) =>
  Number.isInteger(seeds) && seeds >= MIN_SWEEP_SEEDS && seeds <= MAX_SWEEP_SEEDS;

function seedsProblems(seeds: number): SweepProblem[] {
  if (seedsOk(seeds)) return [];
  const message = `Seeds: ${clip(String(seeds))} is not a whole number in ${MIN_SWEEP_SEEDS}..${MAX_SWEEP_SEEDS}.`;
  return [{ part: 'seeds', message }];
}

function metricProblems({ metric }: SweepSpec): SweepProblem[] {
  if ((SWEEP_METRIC_IDS as readonly string[]).includes(metric)) return [];
  return [{ part: 'metric', message: `Metric: ${quote(String(metric))} is not a sweep metric.` }];
}

function runsProblems({ values, seeds }: SweepSpec): SweepProblem[] {
  const runs = values.length * seeds;
  if (!(runs > MAX_SWEEP_RUNS)) return [];
  const message = `Runs: ${values.length} values × ${clip(String(seeds))} seeds = ${clip(String(runs))} runs; at most ${MAX_SWEEP_RUNS}.`;
  return [{ part: 'runs', message }];
}

/** A stored sweep spec: the shape, then every rule of {@link sweepSpecProblems}. */
export const sweepSpecSchema = z
  .object({
    knob: z.enum(SETTING_KEYS as [SettingKey, ...SettingKey[]]),
    values: z.array(z.union([z.number(), z.string()])),
    seeds: z.number(),
    metric: z.enum(SWEEP_METRIC_IDS),
  })
  .superRefine((spec, ctx) => {
    for (const p of sweepSpecProblems(spec)) {
      ctx.addIssue({ code: 'custom', message: p.message, path: [p.part] });
    }
  }) as z.ZodType<SweepSpec>;
