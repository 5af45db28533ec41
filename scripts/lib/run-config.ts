/**
 * The headless runner's command line: its options, and the settings given as a JSON file or a
 * query string, validated against the one settings table. Unlike the URL decoder (which must never
 * fail in front of a user, so it clamps and falls back), nothing here is fixed silently: a script
 * user wants to hear about every bad value before anything trains.
 */
import { findPreset, PRESETS } from '../../src/settings/presets';
import { existsSync, readFileSync } from 'node:fs';
import { extname } from 'node:path';
import { parseArgs } from 'node:util';
import {
  SETTINGS,
  SETTING_KEYS,
  SETTING_PARAMS,
  defaultRecipe,
  settingKeyOfParam,
  type SettingKey,
  type Recipe,
} from '../../src/settings/schema';
import { describeValue, textProblem, valueProblem } from '../../src/settings/spec-check';
import {
  CLASS_PARAM,
  decodeRecipe,
  PRESET_PARAM,
  VERSION_PARAM,
  VIEW_PARAM,
} from '../../src/settings/url-codec';
import { linkBase } from '../../src/settings/view-codec';
import { recipeProblems } from '../../src/settings/validate-recipe';

/** Link parameters that are not settings: the format version and the view. */
const VIEW_PARAMS: ReadonlySet<string> = new Set([
  VERSION_PARAM,
  PRESET_PARAM,
  VIEW_PARAM,
  CLASS_PARAM,
]);

// The settings help in scripts/train.ts lists each setting's allowed values with it.

/** Formats the metric stream can be written in. */
export const OUTPUT_FORMATS = ['jsonl', 'csv'] as const;
/** `jsonl`: one engine event per line; `csv`: one row per metric event. */
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Everything a headless run needs, resolved and validated. */
export interface RunOptions {
  /** The full recipe; `backend` is always `cpu`, the only backend Node has. */
  recipe: Recipe;
  /** Where the metric stream goes: a file path, or `-` for stdout. */
  out: string;
  format: OutputFormat;
  /** No progress lines, notes or summary on stderr; errors still appear. */
  quiet: boolean;
  /** Worth telling the user but not errors, e.g. that the backend was forced to cpu. */
  notes: string[];
}

/** What the command line asks for: a run, the help text, or every problem found in it. */
export type ParsedArgs =
  { kind: 'run'; options: RunOptions } | { kind: 'help' } | { kind: 'invalid'; errors: string[] };

/** The settings a config gives explicitly (other keys take defaults), or every problem in it. */
export type SettingsResult =
  { ok: true; values: Partial<Recipe> } | { ok: false; errors: string[] };

const OPTIONS = {
  config: { type: 'string' },
  steps: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const fail = (...errors: string[]): { ok: false; errors: string[] } => ({ ok: false, errors });

/** Read the runner's arguments (`process.argv.slice(2)`); never throws, never exits. */
export function parseRunArgs(argv: readonly string[]): ParsedArgs {
  let values: ReturnType<typeof parseOptions>;
  try {
    values = parseOptions(argv);
  } catch (error) {
    return { kind: 'invalid', errors: [error instanceof Error ? error.message : String(error)] };
  }
  if (values.help) return { kind: 'help' };
  const errors: string[] = [];
  const config = values.config === undefined ? null : readConfig(values.config);
  if (config && !config.ok) errors.push(...config.errors);
  const steps = values.steps === undefined ? null : parseSteps(values.steps);
  if (steps && !steps.ok) errors.push(...steps.errors);
  if (!values.out) errors.push('--out is required: a file path, or - for stdout');
  const format = resolveFormat(values.format, values.out ?? '');
  if (!format.ok) errors.push(...format.errors);
  if (errors.length > 0 || !format.ok) return { kind: 'invalid', errors };
  const explicit = config?.ok ? config.values : {};
  const override = steps?.ok ? steps.values.steps : undefined;
  const { recipe, notes } = resolveSettings(explicit, override);
  const conflicts = recipeProblems(recipe);
  if (conflicts.length > 0) return { kind: 'invalid', errors: conflicts };
  const options = {
    recipe,
    notes,
    out: values.out!,
    format: format.format,
    quiet: !!values.quiet,
  };
  return { kind: 'run', options };
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false })
    .values;
}

/**
 * Read `--config`: a JSON file of settings, a query string (`bs=32&lr=0.01`, as in the lab's
 * address bar) or a whole lab link.
 */
export function readConfig(arg: string): SettingsResult {
  if (arg.startsWith('preset:')) {
    const preset = findPreset(arg.slice('preset:'.length));
    if (preset) return { ok: true, values: { ...preset.overrides } };
    const known = PRESETS.map((p) => p.id).join(', ');
    return fail(`--config ${arg}: no such preset; the presets are ${known}`);
  }
  if (existsSync(arg)) {
    try {
      return settingsFromJson(readFileSync(arg, 'utf8'), arg);
    } catch (error) {
      return fail(`--config ${arg}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (arg.includes('=')) return settingsFromQuery(queryOf(arg));
  return fail(`--config ${arg}: no such file, and not a query string like bs=32&lr=0.01`);
}

/** The query part of a lab link, or the argument itself without a leading '?'. */
function queryOf(arg: string): string {
  if (/^https?:\/\//.test(arg)) return new URL(arg).search;
  return arg.replace(/^\?/, '');
}

/** Parse and validate the text of a JSON settings file; `source` names it in errors. */
export function settingsFromJson(text: string, source = 'config'): SettingsResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return fail(`${source} is not valid JSON: ${error instanceof Error ? error.message : error}`);
  }
  const result = validateSettings(value);
  if (result.ok) return result;
  return fail(...result.errors.map((e) => `${source}: ${e}`));
}

/** Validate a parsed JSON object of settings: known keys only, exact types, values in range. */
export function validateSettings(value: unknown): SettingsResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return fail(
      `expected an object of settings like {"batchSize": 32}, got ${describeValue(value)}`,
    );
  }
  const errors: string[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, raw] of Object.entries(value)) {
    if (!isSettingKey(key)) {
      errors.push(unknownKey(key));
      continue;
    }
    const problem = valueProblem(SETTINGS[key], raw);
    if (problem) errors.push(`${key}: ${problem}`);
    else values[key] = raw;
  }
  return errors.length > 0 ? fail(...errors) : { ok: true, values: values as Partial<Recipe> };
}

/**
 * Validate a query string with the same rules as a JSON file, then decode it with the lab's own
 * URL codec, so a link and the runner read the same recipe.
 */
export function settingsFromQuery(query: string): SettingsResult {
  const params = new URLSearchParams(query);
  // A link's settings apply over the preset it names, as in the lab (view-codec.ts).
  const presetId = params.get(PRESET_PARAM);
  const preset = presetId === null ? undefined : findPreset(presetId);
  if (presetId !== null && !preset) return fail(`preset=${presetId}: no such preset`);
  const decoded = decodeRecipe(query, linkBase(presetId));
  const errors: string[] = [];
  const values: Record<string, unknown> = { ...preset?.overrides };
  for (const name of new Set(params.keys())) {
    // The link format version (the codec checks it below) and the view are not settings.
    if (VIEW_PARAMS.has(name)) continue;
    const key = settingKeyOfParam(name);
    if (!key) {
      errors.push(unknownParam(name));
      continue;
    }
    const all = params.getAll(name);
    const problem =
      all.length > 1 ? `given ${all.length} times` : textProblem(SETTINGS[key], all[0]!);
    if (problem) errors.push(`${name} (${key}): ${problem}`);
    else values[key] = decoded.recipe[key];
  }
  // Once every value passed, anything the codec still had to fix (a link version) is an error too.
  if (errors.length === 0) errors.push(...decoded.problems);
  return errors.length > 0 ? fail(...errors) : { ok: true, values: values as Partial<Recipe> };
}

/** Validate `--steps` against the `steps` setting's range. */
export function parseSteps(raw: string): SettingsResult {
  const problem = textProblem(SETTINGS.steps, raw);
  if (problem) return fail(`--steps: ${problem}`);
  return { ok: true, values: { steps: Number(raw) } };
}

/**
 * The full recipe: defaults, then the config's values, then `--steps`. The backend is forced to
 * cpu; a note says so when the config asked for another.
 */
export function resolveSettings(
  explicit: Partial<Recipe>,
  steps?: number,
): { recipe: Recipe; notes: string[] } {
  const recipe: Recipe = { ...defaultRecipe(), ...explicit };
  const notes: string[] = [];
  if (steps !== undefined) {
    if (explicit.steps !== undefined && explicit.steps !== steps) {
      notes.push(`--steps ${steps} overrides steps ${explicit.steps} from the config`);
    }
    recipe.steps = steps;
  }
  if (explicit.backend !== undefined && explicit.backend !== 'cpu') {
    notes.push(`backend ${explicit.backend} is not available in Node; running on cpu`);
  }
  recipe.backend = 'cpu';
  return { recipe, notes };
}

function resolveFormat(
  flag: string | undefined,
  out: string,
): { ok: true; format: OutputFormat } | { ok: false; errors: string[] } {
  if (flag === undefined) {
    return { ok: true, format: extname(out).toLowerCase() === '.csv' ? 'csv' : 'jsonl' };
  }
  const format = OUTPUT_FORMATS.find((f) => f === flag);
  if (format) return { ok: true, format };
  return fail(`--format: "${flag}" is not one of ${OUTPUT_FORMATS.join(', ')}`);
}

function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}

function unknownKey(key: string): string {
  const byParam = settingKeyOfParam(key);
  const byCase = SETTING_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
  const hint = byParam ?? byCase;
  if (hint) return `unknown setting "${key}" (did you mean "${hint}"?)`;
  return `unknown setting "${key}" (known: ${SETTING_KEYS.join(', ')})`;
}

function unknownParam(name: string): string {
  if (isSettingKey(name)) {
    return `unknown parameter "${name}" (did you mean "${SETTINGS[name].param}"? links use short names)`;
  }
  return `unknown parameter "${name}" (known: ${SETTING_PARAMS.join(', ')})`;
}
