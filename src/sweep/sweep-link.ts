/**
 * The sweep in a link, beside recipe A's parameters: `sweep=kurew:0.01,0.1,1&seeds=3&sm=ptq-w3`
 * (the knob by its short link name). Decoding never throws: each bad part is named in one plain
 * sentence, raw text echoed only clipped and quoted (problem-text.ts), and a usable spec is kept
 * whenever the knob and at least one value survive.
 */
import { clip, quote } from '../settings/problem-text';
import { SETTINGS, settingKeyOfParam, type Recipe, type SettingKey } from '../settings/schema';
import { describeAllowed, numberFromText } from '../settings/spec-check';
import { METRIC_PARAM, SEEDS_PARAM, SWEEP_PARAM } from '../settings/url-codec';
import { defaultSweepMetric, isSweepable, parseKnobValue, sweepRecipeProblems } from './sweep-spec';
import {
  DEFAULT_SWEEP_SEEDS,
  MAX_SWEEP_RUNS,
  MAX_SWEEP_SEEDS,
  MIN_SWEEP_SEEDS,
  SWEEP_METRIC_IDS,
  type KnobValue,
  type SweepMetricId,
  type SweepSpec,
} from './sweep-types';

export { METRIC_PARAM, SEEDS_PARAM, SWEEP_PARAM };

/** How many dropped values a notice quotes before "and N more". */
const MAX_QUOTED = 3;

/** A decoded sweep (null when the link has none or its knob is unusable) and what was fixed. */
export interface DecodedSweep {
  spec: SweepSpec | null;
  problems: string[];
}

/** The sweep's query parameters (without '?' or a leading '&'). Pure. */
export function encodeSweep(spec: SweepSpec): string {
  const values = spec.values.map((v) => encodeURIComponent(String(v))).join(',');
  const knob = `${SWEEP_PARAM}=${SETTINGS[spec.knob].param}:${values}`;
  return `${knob}&${SEEDS_PARAM}=${spec.seeds}&${METRIC_PARAM}=${spec.metric}`;
}

/**
 * Read the sweep from a query string (with or without '?'). Bad values are dropped, bad seeds or
 * metric fall back to their defaults, values beyond the run limit are cut, and a parameter given
 * twice uses its first value; each fix is one sentence in `problems`. A non-null spec passes
 * `sweepSpecProblems`; whether its runs can train with `recipe` is noted in one sentence.
 */
export function decodeSweep(search: string, recipe: Recipe): DecodedSweep {
  const params = new URLSearchParams(search);
  if (!params.has(SWEEP_PARAM)) return { spec: null, problems: strayNotice(params) };
  const problems: string[] = [];
  const first = (name: string) => firstParam(params, name, problems);
  const knobAndValues = readKnob(first(SWEEP_PARAM) ?? '', problems);
  const seedsRaw = first(SEEDS_PARAM);
  const metricRaw = first(METRIC_PARAM);
  if (!knobAndValues) return { spec: null, problems };
  const { knob, valuesText } = knobAndValues;
  const values = readValues(knob, valuesText, problems);
  if (values.length === 0) return { spec: null, problems };
  const seeds = readSeeds(seedsRaw, problems);
  const metric = readMetric(knob, metricRaw, problems);
  const spec = { knob, values: fitRuns(values, seeds, problems), seeds, metric };
  const conflicts = sweepRecipeProblems(spec, recipe).length;
  if (conflicts > 0) problems.push('Sweep: some of its runs cannot train with this recipe.');
  return { spec, problems };
}

/** `seeds=` or `sm=` without `sweep=`: one notice, nothing else. */
function strayNotice(params: URLSearchParams): string[] {
  const stray = [SEEDS_PARAM, METRIC_PARAM].filter((name) => params.has(name));
  if (stray.length === 0) return [];
  return [`Ignored ${stray.map((name) => `${name}=`).join(' and ')} without sweep=.`];
}

/** A parameter's first value (null when absent), with a notice when it is given more than once. */
function firstParam(params: URLSearchParams, name: string, problems: string[]): string | null {
  const all = params.getAll(name);
  if (all.length > 1) {
    problems.push(`Sweep: ${name}= given ${all.length} times; using the first, ${quote(all[0]!)}.`);
  }
  return all[0] ?? null;
}

function readKnob(raw: string, problems: string[]) {
  const colon = raw.indexOf(':');
  if (colon < 0) {
    problems.push(`Sweep: ${quote(raw)} is not <setting>:<values>, e.g. kurew:0.1,1; no sweep.`);
    return null;
  }
  const name = raw.slice(0, colon).trim();
  const knob: SettingKey | undefined = settingKeyOfParam(name);
  if (knob === undefined) {
    problems.push(`Sweep: ${quote(name)} is not a setting's link name; no sweep.`);
    return null;
  }
  if (!isSweepable(knob)) {
    problems.push('Sweep: the seed cannot be swept (seeds= sets how many per value); no sweep.');
    return null;
  }
  return { knob, valuesText: raw.slice(colon + 1) };
}

/** The allowed, distinct values, in link order; dropped ones are named in at most two notices. */
function readValues(knob: SettingKey, text: string, problems: string[]): KnobValue[] {
  const spec = SETTINGS[knob];
  const values: KnobValue[] = [];
  const bad: string[] = [];
  let repeated = 0;
  for (const raw of text.split(',')) {
    const parsed = parseKnobValue(knob, raw);
    if (!('value' in parsed)) bad.push(raw);
    else if (values.includes(parsed.value)) repeated++;
    else values.push(parsed.value);
  }
  if (bad.length > 0) {
    const shown = bad.slice(0, MAX_QUOTED).map(quote).join(', ');
    const more = bad.length > MAX_QUOTED ? ` and ${bad.length - MAX_QUOTED} more` : '';
    problems.push(
      `Sweep: dropped values not allowed for ${spec.label} (${clip(describeAllowed(spec))}): ${shown}${more}.`,
    );
  }
  if (repeated > 0) problems.push(`Sweep: dropped ${repeated} repeated value(s) of ${spec.label}.`);
  if (values.length === 0) problems.push(`Sweep: no value of ${spec.label} is left; no sweep.`);
  return values;
}

function readSeeds(raw: string | null, problems: string[]): number {
  if (raw === null) return DEFAULT_SWEEP_SEEDS;
  const seeds = numberFromText(raw);
  if (seeds !== null && Number.isInteger(seeds)) {
    if (seeds >= MIN_SWEEP_SEEDS && seeds <= MAX_SWEEP_SEEDS) return seeds;
  }
  problems.push(
    `Sweep: seeds=${quote(raw)} is not a whole number in ${MIN_SWEEP_SEEDS}..${MAX_SWEEP_SEEDS}; using ${DEFAULT_SWEEP_SEEDS}.`,
  );
  return DEFAULT_SWEEP_SEEDS;
}

function readMetric(knob: SettingKey, raw: string | null, problems: string[]): SweepMetricId {
  const fallback = defaultSweepMetric(knob);
  if (raw === null) return fallback;
  const known = SWEEP_METRIC_IDS.find((id) => id === raw);
  if (known) return known;
  problems.push(`Sweep: sm=${quote(raw)} is not a sweep metric; using ${fallback}.`);
  return fallback;
}

/** The first values whose runs fit {@link MAX_SWEEP_RUNS} at `seeds` seeds each. */
function fitRuns(values: KnobValue[], seeds: number, problems: string[]): KnobValue[] {
  const fit = Math.floor(MAX_SWEEP_RUNS / seeds);
  if (values.length <= fit) return values;
  problems.push(
    `Sweep: ${values.length} values × ${seeds} seeds = ${values.length * seeds} runs, at most ${MAX_SWEEP_RUNS}; kept the first ${fit} values.`,
  );
  return values.slice(0, fit);
}
