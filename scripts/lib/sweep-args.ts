/**
 * `npm run sweep`'s command line: recipe A from `--config` (as `npm run train` reads it, or a
 * sweep preset), the spec from the flags over the preset's, every problem reported at once and
 * named by its part (knob, values, seeds, metric, runs). Nothing is clamped or fixed silently.
 */
import { availableParallelism } from 'node:os';
import { parseArgs } from 'node:util';
import {
  SETTINGS,
  settingKeyOfParam,
  type Recipe,
  type SettingKey,
} from '../../src/settings/schema';
import {
  defaultSweepMetric,
  linearRange,
  logRange,
  parseKnobValue,
  sweepProblems,
  type SweepProblem,
} from '../../src/sweep/sweep-spec';
import { findSweepPreset, SWEEP_PRESETS, sweepPresetRecipe } from '../../src/sweep/sweep-presets';
import type { SweepPreset } from '../../src/sweep/sweep-presets';
import {
  DEFAULT_SWEEP_SEEDS,
  SWEEP_METRIC_IDS,
  type KnobValue,
  type SweepMetricId,
  type SweepSpec,
} from '../../src/sweep/sweep-types';
import { parseSteps, readConfig, resolveSettings } from './run-config';

/** Everything a sweep needs, resolved and validated. */
export interface SweepOptions {
  /** Recipe A (backend cpu); each run is A with the knob at a value and its own seed. */
  recipe: Recipe;
  spec: SweepSpec;
  /** The CSV; the runs file and the summary go beside it (`sweepFiles`). */
  out: string;
  /** Child processes training at once. */
  jobs: number;
  /** Reuse the runs already saved for this very recipe. */
  resume: boolean;
  /** Worth telling but not errors (e.g. `--steps` over the config's steps). */
  notes: string[];
}

export type SweepArgs =
  { kind: 'run'; options: SweepOptions } | { kind: 'help' } | { kind: 'invalid'; errors: string[] };

const OPTIONS = {
  config: { type: 'string' },
  knob: { type: 'string' },
  values: { type: 'string' },
  range: { type: 'string' },
  seeds: { type: 'string' },
  metric: { type: 'string' },
  jobs: { type: 'string' },
  out: { type: 'string' },
  resume: { type: 'boolean' },
  steps: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseFlags>;

const SWEEP_PRESET_PREFIX = 'sweep-preset:';
const MAX_JOBS = 16;

const parseFlags = (argv: readonly string[]) =>
  parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;

/** Read the sweep's arguments (`process.argv.slice(2)`); never throws, never exits. */
export function parseSweepArgs(argv: readonly string[]): SweepArgs {
  let flags: Flags;
  try {
    flags = parseFlags(argv);
  } catch (error) {
    return { kind: 'invalid', errors: [error instanceof Error ? error.message : String(error)] };
  }
  if (flags.help) return { kind: 'help' };
  const errors: string[] = [];
  const steps = flags.steps === undefined ? null : parseSteps(flags.steps);
  if (steps && !steps.ok) errors.push(...steps.errors);
  const base = readBase(flags.config, steps?.ok ? steps.values.steps : undefined);
  if ('errors' in base) errors.push(...base.errors);
  const jobs = Number(flags.jobs ?? Math.min(2, availableParallelism()));
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > MAX_JOBS) {
    errors.push(`--jobs: ${flags.jobs} is not a whole number in 1..${MAX_JOBS}`);
  }
  if (errors.length > 0 || 'errors' in base) return { kind: 'invalid', errors };
  const spec = readSpec(flags, base.preset);
  const problems = 'problems' in spec ? spec.problems : sweepProblems(spec.spec, base.recipe);
  if (problems.length > 0 || 'problems' in spec) {
    return { kind: 'invalid', errors: problems.map(problemLine) };
  }
  const out = flags.out ?? 'sweep.csv';
  const options = { recipe: base.recipe, spec: spec.spec, out, jobs, resume: !!flags.resume };
  return { kind: 'run', options: { ...options, notes: base.notes } };
}

/** A problem as one line that starts with its part ("Values: …"). */
export function problemLine(p: SweepProblem): string {
  const part = `${p.part[0]!.toUpperCase()}${p.part.slice(1)}:`;
  return p.message.startsWith(part) ? p.message : `${part} ${p.message}`;
}

type Base = { recipe: Recipe; preset: SweepPreset | null; notes: string[] } | { errors: string[] };

/** Recipe A: a sweep preset's, or `--config` read as `npm run train` reads it; then `--steps`. */
function readBase(config: string | undefined, steps: number | undefined): Base {
  if (config?.startsWith(SWEEP_PRESET_PREFIX)) {
    const preset = findSweepPreset(config.slice(SWEEP_PRESET_PREFIX.length));
    if (!preset) {
      const known = SWEEP_PRESETS.map((p) => p.id).join(', ');
      return {
        errors: [`--config ${config}: no such sweep preset; the sweep presets are ${known}`],
      };
    }
    // The preset's backend is the lab's choice; Node has only the CPU, without a note.
    const explicit = { ...sweepPresetRecipe(preset), backend: 'cpu' as const };
    return { preset, ...resolveSettings(explicit, steps) };
  }
  const read = config === undefined ? { ok: true as const, values: {} } : readConfig(config);
  if (!read.ok) return { errors: read.errors };
  return { preset: null, ...resolveSettings(read.values, steps) };
}

const isSettingKey = (key: string): key is SettingKey => Object.hasOwn(SETTINGS, key);

type SpecResult = { spec: SweepSpec } | { problems: SweepProblem[] };

/** The spec: the flags, falling back to the preset's for the same knob. */
function readSpec(flags: Flags, preset: SweepPreset | null): SpecResult {
  const knob = readKnob(flags.knob, preset);
  if ('problem' in knob) return { problems: [knob.problem] };
  const key = knob.key;
  const fromPreset = preset?.spec.knob === key ? preset.spec : null;
  const values = readValues(key, flags, fromPreset?.values);
  const metric = readMetric(flags.metric, fromPreset?.metric ?? defaultSweepMetric(key));
  const problems = [...('problems' in values ? values.problems : []), ...metric.problems];
  if (problems.length > 0 || 'problems' in values || !metric.id) return { problems };
  const seeds =
    flags.seeds === undefined ? (fromPreset?.seeds ?? DEFAULT_SWEEP_SEEDS) : Number(flags.seeds);
  return { spec: { knob: key, values: values.values, seeds, metric: metric.id } };
}

function readKnob(
  raw: string | undefined,
  preset: SweepPreset | null,
): { key: SettingKey } | { problem: SweepProblem } {
  if (raw === undefined) {
    if (preset) return { key: preset.spec.knob };
    const message = 'Knob: give --knob <param> (e.g. kurew, lr), or --config sweep-preset:<id>.';
    return { problem: { part: 'knob', message } };
  }
  const key = settingKeyOfParam(raw) ?? (isSettingKey(raw) ? raw : null);
  if (key) return { key };
  const message = `Knob: "${raw}" is not a setting (its link name, e.g. kurew or lr; see npm run train -- --help).`;
  return { problem: { part: 'knob', message } };
}

type ValuesResult = { values: KnobValue[] } | { problems: SweepProblem[] };

const valuesProblem = (message: string): ValuesResult => ({
  problems: [{ part: 'values', message: `Values: ${message}` }],
});

function readValues(key: SettingKey, flags: Flags, preset?: KnobValue[]): ValuesResult {
  if (flags.values !== undefined && flags.range !== undefined) {
    return valuesProblem('give --values or --range, not both.');
  }
  if (flags.range !== undefined) return readRange(key, flags.range);
  if (flags.values === undefined) {
    if (preset) return { values: preset };
    return valuesProblem('give --values a,b,c or --range lin|log:<from>:<to>:<n>.');
  }
  const parsed = flags.values.split(',').map((raw) => parseKnobValue(key, raw));
  const problems = parsed.flatMap((p) => ('problem' in p ? [p.problem] : []));
  if (problems.length > 0) {
    return {
      problems: problems.map((message) => ({ part: 'values', message: `Values: ${message}` })),
    };
  }
  return { values: parsed.flatMap((p) => ('value' in p ? [p.value] : [])) };
}

/** `lin:<from>:<to>:<n>` or `log:<from>:<to>:<n>`. */
function readRange(key: SettingKey, raw: string): ValuesResult {
  const [kind, ...parts] = raw.split(':');
  const numbers = parts.map((p) => (p.trim() === '' ? NaN : Number(p)));
  if ((kind !== 'lin' && kind !== 'log') || numbers.length !== 3 || numbers.some(Number.isNaN)) {
    return valuesProblem(`--range "${raw}" is not lin:<from>:<to>:<n> or log:<from>:<to>:<n>.`);
  }
  const [from, to, n] = numbers as [number, number, number];
  const range = (kind === 'lin' ? linearRange : logRange)(key, from, to, n);
  return 'problem' in range ? valuesProblem(range.problem) : range;
}

function readMetric(
  raw: string | undefined,
  fallback: SweepMetricId,
): { id: SweepMetricId | null; problems: SweepProblem[] } {
  if (raw === undefined) return { id: fallback, problems: [] };
  const id = SWEEP_METRIC_IDS.find((m) => m === raw);
  if (id) return { id, problems: [] };
  const message = `Metric: "${raw}" is not a sweep metric (${SWEEP_METRIC_IDS.join(', ')}).`;
  return { id: null, problems: [{ part: 'metric', message }] };
}
