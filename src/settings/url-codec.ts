import { z } from 'zod';
import {
  SETTINGS,
  SETTING_KEYS,
  clampNumber,
  defaultRecipe,
  type EnumSpec,
  type NumberSpec,
  type Recipe,
} from './schema';

/** Version of the URL format; bumped when a parameter changes meaning. */
export const URL_VERSION = 1;

/** Query parameter holding {@link URL_VERSION}. */
export const VERSION_PARAM = 'v';

/**
 * Query parameter naming the preset a link was made from (`preset=kure-w4`). It is a label for
 * the UI, not a setting: the decoder accepts and ignores it, the settings come from the other
 * parameters alone.
 */
export const PRESET_PARAM = 'preset';

/** Query parameter that turns the A/B twin on (`twin=1`); B's differences follow as `b.<param>`. */
export const TWIN_PARAM = 'twin';

/** Prefix of the parameters that give twin B's settings where they differ from A's. */
export const TWIN_PREFIX = 'b.';

/** Longest raw text a problem message echoes back, ellipsis included (characters). */
export const MAX_ECHO_CHARS = 40;

/** How many unknown parameter names the "ignored" notice lists before "and N more". */
const MAX_UNKNOWN_NAMES = 3;

/** What decoding a URL yields: always a full, valid recipe, plus what had to be fixed. */
export interface DecodedRecipe {
  recipe: Recipe;
  /**
   * One plain sentence per parameter that was ignored, clamped, reset or given twice, plus at
   * most one sentence naming the unknown parameters. Raw text is echoed as data (never markup)
   * and cut to {@link MAX_ECHO_CHARS} characters.
   */
  problems: string[];
}

const finiteNumber = z.coerce.number().finite();

const KNOWN_PARAMS: ReadonlySet<string> = new Set([
  VERSION_PARAM,
  PRESET_PARAM,
  TWIN_PARAM,
  ...SETTING_KEYS.map((key) => SETTINGS[key].param),
]);

/** Whether a parameter belongs to the twin recipe B (read by `twin-codec.ts`, not here). */
const isTwinParam = (name: string) => name === TWIN_PARAM || name.startsWith(TWIN_PREFIX);

/**
 * Encode the settings that differ from their defaults as a query string (without '?'), led by
 * the format version. Pure: writing it to the address bar is the caller's job.
 */
export function encodeRecipe(recipe: Recipe): string {
  const params = new URLSearchParams({ [VERSION_PARAM]: String(URL_VERSION) });
  for (const key of SETTING_KEYS) {
    const spec = SETTINGS[key];
    const value = recipe[key];
    if (value !== spec.default) params.set(spec.param, String(value));
  }
  return params.toString();
}

/**
 * Decode a query string (with or without '?') into a full recipe. Never throws: a bad value
 * falls back to its default, an out-of-range number is clamped, a parameter given more than once
 * uses its FIRST value (as `URLSearchParams.get` does), and unknown parameters are ignored; each
 * of these is listed in `problems`. `preset` is accepted silently (see {@link PRESET_PARAM}).
 */
export function decodeRecipe(search: string): DecodedRecipe {
  const params = new URLSearchParams(search);
  const recipe: Record<string, unknown> = defaultRecipe();
  const problems: string[] = [];
  const version = params.get(VERSION_PARAM);
  if (version !== null && version !== String(URL_VERSION)) {
    problems.push(
      `Link format v=${clip(version)} is not known; recipe were read as v=${URL_VERSION}.`,
    );
  }
  for (const key of SETTING_KEYS) {
    const spec: NumberSpec | EnumSpec = SETTINGS[key];
    const all = params.getAll(spec.param);
    if (all.length === 0) continue;
    const raw = all[0]!;
    const decoded = decodeValue(spec, raw);
    recipe[key] = decoded.value;
    if (decoded.problem) problems.push(decoded.problem);
    if (all.length > 1) {
      problems.push(
        `${spec.label}: given ${all.length} times (${spec.param}=); using the first, ${quote(raw)}.`,
      );
    }
  }
  const unknown = unknownParamsNotice(params);
  if (unknown) problems.push(unknown);
  return { recipe: recipe as Recipe, problems };
}

/** `raw` cut to at most {@link MAX_ECHO_CHARS} characters, ending in '…' when it was cut. */
export function clip(raw: string, max = MAX_ECHO_CHARS): string {
  const chars = Array.from(raw); // by code point, so a cut never splits a surrogate pair
  return chars.length <= max ? raw : `${chars.slice(0, max - 1).join('')}…`;
}

/** `raw` clipped and in double quotes. */
function quote(raw: string): string {
  return `"${clip(raw, MAX_ECHO_CHARS - 2)}"`;
}

/** One short sentence naming the unknown parameters (a few of them), or null when none. */
function unknownParamsNotice(params: URLSearchParams): string | null {
  const names = [...new Set(params.keys())].filter(
    (name) => !KNOWN_PARAMS.has(name) && !isTwinParam(name),
  );
  if (names.length === 0) return null;
  const shown = names.slice(0, MAX_UNKNOWN_NAMES).map((name) => clip(name, 20));
  const more = names.length - shown.length;
  const rest = more > 0 ? ` and ${more} more` : '';
  return `Ignored unknown link parameter${names.length > 1 ? 's' : ''}: ${shown.join(', ')}${rest}.`;
}

/**
 * One raw parameter value as its setting's value: a bad enum value falls back to the default and
 * a number is clamped into range, with a plain sentence saying so.
 */
export function decodeValue(
  spec: NumberSpec | EnumSpec,
  raw: string,
): { value: string | number; problem?: string } {
  return spec.kind === 'enum' ? decodeEnum(spec, raw) : decodeNumber(spec, raw);
}

function decodeEnum(spec: EnumSpec, raw: string): { value: string; problem?: string } {
  const allowed = spec.options.map((o) => o.value);
  if (allowed.includes(raw)) return { value: raw };
  return {
    value: spec.default,
    problem: `${spec.label}: ${quote(raw)} is not one of ${allowed.join(', ')}; using ${spec.default}.`,
  };
}

function decodeNumber(spec: NumberSpec, raw: string): { value: number; problem?: string } {
  const parsed = finiteNumber.safeParse(raw.trim() === '' ? 'x' : raw);
  if (!parsed.success) {
    return {
      value: spec.default,
      problem: `${spec.label}: ${quote(raw)} is not a finite number; using ${spec.default}.`,
    };
  }
  const value = clampNumber(spec, parsed.data);
  if (value === parsed.data) return { value };
  return {
    value,
    problem: `${spec.label}: ${clip(String(parsed.data))} is not allowed (${spec.min}..${spec.max}${spec.integer ? ', whole numbers' : ''}); using ${value}.`,
  };
}
