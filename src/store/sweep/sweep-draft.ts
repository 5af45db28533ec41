/**
 * The sweep form as the user types it, and the spec it stands for. Text fields stay text, so a
 * half-typed number is never lost; every problem is named by the part of the form it belongs to.
 * Pure.
 */
import { SETTINGS, type Recipe, type SettingKey } from '../../settings/schema';
import { numberFromText } from '../../settings/spec-check';
import {
  defaultSweepMetric,
  linearRange,
  logRange,
  parseKnobValue,
  sweepProblems,
  type SweepProblem,
} from '../../sweep/sweep-spec';
import {
  DEFAULT_SWEEP_SEEDS,
  type KnobValue,
  type SweepMetricId,
  type SweepSpec,
} from '../../sweep/sweep-types';

/** Values typed as a list, or spread over a range. */
export type ValuesMode = 'list' | 'range';
export type RangeSpacing = 'linear' | 'log';

/** Fewest and most engine workers a sweep may use at once. */
export const MIN_WORKERS = 1;
export const MAX_WORKERS = 8;

/** The sweep form as typed. */
export interface SweepDraft {
  knob: SettingKey;
  mode: ValuesMode;
  /** The values in list mode, separated by commas or spaces. */
  valuesText: string;
  /** The range in range mode: spacing, endpoints and point count, as typed. */
  range: { spacing: RangeSpacing; from: string; to: string; points: string };
  seeds: string;
  /** The metric plotted first (`sm=` in the link). */
  metric: SweepMetricId;
  /** Workers at once as typed; '' means the default for the backend. */
  workers: string;
}

/** A learning-rate sweep over one decade: a useful first sweep on the default recipe. */
export function defaultDraft(): SweepDraft {
  return {
    knob: 'learningRate',
    mode: 'list',
    valuesText: '0.001, 0.003, 0.01',
    range: { spacing: 'log', from: '0.001', to: '0.1', points: '5' },
    seeds: String(DEFAULT_SWEEP_SEEDS),
    metric: 'test-acc',
    workers: '',
  };
}

/** The draft a spec (from a link or a ready sweep) fills in; the workers field is kept. */
export function draftFromSpec(spec: SweepSpec, previous: SweepDraft): SweepDraft {
  return {
    ...previous,
    knob: spec.knob,
    mode: 'list',
    valuesText: spec.values.map(String).join(', '),
    seeds: String(spec.seeds),
    metric: spec.metric,
  };
}

/**
 * The draft with another knob: its metric becomes the knob's default, and its values start from
 * recipe A's own value (every option for a knob with options, which cannot take a range).
 */
export function draftWithKnob(draft: SweepDraft, knob: SettingKey, recipe: Recipe): SweepDraft {
  const spec = SETTINGS[knob];
  const metric = defaultSweepMetric(knob);
  if (spec.kind === 'enum') {
    const valuesText = spec.options.map((o) => o.value).join(', ');
    return { ...draft, knob, metric, mode: 'list', valuesText };
  }
  const own = String(recipe[knob]);
  return { ...draft, knob, metric, valuesText: own, range: { ...draft.range, from: own } };
}

/** What the draft means: the spec, its problems by part, and the workers (null: default). */
export interface DraftCheck {
  spec: SweepSpec;
  problems: SweepProblem[];
  workers: number | null;
  workersProblem: string | null;
}

/** Read and check the draft against recipe A. */
export function checkDraft(draft: SweepDraft, recipe: Recipe): DraftCheck {
  const values = draftValues(draft);
  const seeds = numberFromText(draft.seeds);
  const spec: SweepSpec = {
    knob: draft.knob,
    values: values.values,
    seeds: seeds ?? NaN,
    metric: draft.metric,
  };
  const found = sweepProblems(spec, recipe).filter(
    // What did not parse already says so: "give a value" or "NaN seeds" would only repeat it.
    (p) =>
      !(values.problems.length > 0 && p.part === 'values' && spec.values.length === 0) &&
      !(seeds === null && p.part === 'seeds'),
  );
  const seedsProblem: SweepProblem[] =
    seeds === null
      ? [{ part: 'seeds', message: `Seeds: give a whole number of seeds per value.` }]
      : [];
  return {
    spec,
    problems: [...values.problems, ...seedsProblem, ...found],
    ...typedWorkers(draft.workers),
  };
}

/** The spec a link holds for the draft: its readable values (none: no sweep in the link). */
export function linkSpec(draft: SweepDraft): SweepSpec | null {
  const { values } = draftValues(draft);
  if (values.length === 0) return null;
  const seeds = numberFromText(draft.seeds);
  const seedsOk = seeds !== null && Number.isInteger(seeds) && seeds >= 1;
  return {
    knob: draft.knob,
    values,
    seeds: seedsOk ? seeds : DEFAULT_SWEEP_SEEDS,
    metric: draft.metric,
  };
}

/** The values the draft gives, and one problem per value or range that cannot be read. */
function draftValues(draft: SweepDraft): ReadValues {
  return draft.mode === 'range' ? rangeValues(draft) : listValues(draft);
}

/** Values read from the form, and why some could not be. */
type ReadValues = { values: KnobValue[]; problems: SweepProblem[] };

function listValues(draft: SweepDraft): ReadValues {
  const values: KnobValue[] = [];
  const problems: SweepProblem[] = [];
  for (const raw of draft.valuesText.split(/[\s,;]+/).filter((t) => t !== '')) {
    const parsed = parseKnobValue(draft.knob, raw);
    if ('value' in parsed) values.push(parsed.value);
    else problems.push({ part: 'values', message: `Values: ${parsed.problem}` });
  }
  return { values, problems };
}

function rangeValues(draft: SweepDraft): ReadValues {
  const { spacing, from, to, points } = draft.range;
  const a = numberFromText(from);
  const b = numberFromText(to);
  const n = numberFromText(points);
  if (a === null || b === null || n === null) {
    const message = 'Values: the range needs numbers for from, to and points.';
    return { values: [], problems: [{ part: 'values', message }] };
  }
  const made = (spacing === 'log' ? logRange : linearRange)(draft.knob, a, b, n);
  if ('problem' in made) {
    return { values: [], problems: [{ part: 'values', message: `Values: ${made.problem}` }] };
  }
  return { values: made.values, problems: [] };
}

/** The workers field read: a count, or null for the default (with the problem when bad). */
export function typedWorkers(text: string): {
  workers: number | null;
  workersProblem: string | null;
} {
  if (text.trim() === '') return { workers: null, workersProblem: null };
  const n = numberFromText(text);
  if (n !== null && Number.isInteger(n) && n >= MIN_WORKERS && n <= MAX_WORKERS) {
    return { workers: n, workersProblem: null };
  }
  const workersProblem = `Workers: a whole number in ${MIN_WORKERS}..${MAX_WORKERS}, or empty for the default.`;
  return { workers: null, workersProblem };
}
