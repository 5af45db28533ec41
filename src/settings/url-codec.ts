import { clip, ignoredParamsNotice, quote } from './problem-text';
import {
  SETTINGS,
  SETTING_KEYS,
  SETTING_PARAMS,
  defaultRecipe,
  type EnumSpec,
  type NumberSpec,
  type Recipe,
  type SettingSpec,
} from './schema';
import { clampNumber, describeAllowed, numberFromText } from './spec-check';

/** Version of the URL format; bumped when a parameter changes meaning. */
export const URL_VERSION = 1;

/** Query parameter holding {@link URL_VERSION}. */
export const VERSION_PARAM = 'v';

/**
 * Query parameter naming the preset a link was made from (`preset=kure-w4`). It is part of the
 * view (`view-codec.ts`), not a setting: the recipe decoder ignores it, the settings come from
 * the other parameters alone, and the page says "modified" where they differ from the preset.
 */
export const PRESET_PARAM = 'preset';

/** Query parameter choosing the layout (`view=lab` or `view=demo`; see `view-codec.ts`). */
export const VIEW_PARAM = 'view';

/** Query parameter turning classroom mode on (`class=1`; see `view-codec.ts`). */
export const CLASS_PARAM = 'class';

/** Query parameter naming the layer the inspector shows (`inspect=conv2`; see `view-codec.ts`). */
export const INSPECT_PARAM = 'inspect';

/** Query parameter of the step the inspector's histogram shows (`at=120`; see `view-codec.ts`). */
export const AT_PARAM = 'at';

/** Query parameter that turns the A/B twin on (`twin=1`); B's differences follow as `b.<param>`. */
export const TWIN_PARAM = 'twin';

/** Prefix of the parameters that give twin B's settings where they differ from A's. */
export const TWIN_PREFIX = 'b.';

/**
 * The sweep in a link (read by `src/sweep/sweep-link.ts`, not here): `sweep=<param>:<v1>,<v2>,…`
 * names the knob and its values, `seeds` the seeds per value and `sm` the metric plotted first.
 * Defined here with the other link parameters so the recipe decoder knows them.
 */
export const SWEEP_PARAM = 'sweep';
export const SEEDS_PARAM = 'seeds';
export const METRIC_PARAM = 'sm';

/** What decoding a URL yields: always a full, valid recipe, plus what had to be fixed. */
export interface DecodedRecipe {
  recipe: Recipe;
  /**
   * One plain sentence per parameter that was ignored, clamped, reset or given twice, plus at
   * most one sentence naming the unknown parameters. Raw text is echoed as data (never markup)
   * and cut to MAX_ECHO_CHARS characters (problem-text.ts).
   */
  problems: string[];
}

const KNOWN_PARAMS: ReadonlySet<string> = new Set([
  VERSION_PARAM,
  PRESET_PARAM,
  VIEW_PARAM,
  CLASS_PARAM,
  INSPECT_PARAM,
  AT_PARAM,
  TWIN_PARAM,
  SWEEP_PARAM,
  SEEDS_PARAM,
  METRIC_PARAM,
  ...SETTING_PARAMS,
]);

/** Whether a parameter belongs to the twin recipe B (read by `twin-codec.ts`, not here). */
const isTwinParam = (name: string) => name === TWIN_PARAM || name.startsWith(TWIN_PREFIX);

/**
 * Encode the settings that differ from `base` (the defaults, or the preset a link names) as a
 * query string (without '?'), led by the format version. Pure: writing it to the address bar is
 * the caller's job.
 */
export function encodeRecipe(recipe: Recipe, base: Recipe = defaultRecipe()): string {
  const params = new URLSearchParams({ [VERSION_PARAM]: String(URL_VERSION) });
  for (const key of SETTING_KEYS) {
    const value = recipe[key];
    if (value !== base[key]) params.set(SETTINGS[key].param, String(value));
  }
  return params.toString();
}

/**
 * Decode a query string (with or without '?') into a full recipe: `base` (the defaults, or the
 * preset the link names: `view-codec.ts`) with the link's settings over it. Never throws: a bad
 * value falls back to its default, an out-of-range number is clamped, a parameter given more than
 * once uses its FIRST value (as `URLSearchParams.get` does), and unknown parameters are ignored;
 * each of these is listed in `problems`. `preset` is accepted silently (see {@link PRESET_PARAM}).
 */
export function decodeRecipe(search: string, base: Recipe = defaultRecipe()): DecodedRecipe {
  const params = new URLSearchParams(search);
  const recipe: Record<string, unknown> = { ...base };
  const problems: string[] = [];
  const version = params.get(VERSION_PARAM);
  if (version !== null && version !== String(URL_VERSION)) {
    problems.push(
      `Link format v=${clip(version)} is not known; settings were read as v=${URL_VERSION}.`,
    );
  }
  for (const key of SETTING_KEYS) {
    const spec: SettingSpec = SETTINGS[key];
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

/** One short sentence naming the unknown parameters (a few of them), or null when none. */
function unknownParamsNotice(params: URLSearchParams): string | null {
  const names = [...new Set(params.keys())].filter(
    (name) => !KNOWN_PARAMS.has(name) && !isTwinParam(name),
  );
  return ignoredParamsNotice(`unknown link parameter${names.length > 1 ? 's' : ''}`, names);
}

/**
 * One raw parameter value as its setting's value: a bad enum value falls back to the default and
 * a number is clamped into range, with a plain sentence saying so.
 */
export function decodeValue(
  spec: SettingSpec,
  raw: string,
): { value: string | number; problem?: string } {
  return spec.kind === 'enum' ? decodeEnum(spec, raw) : decodeNumber(spec, raw);
}

function decodeEnum(spec: EnumSpec, raw: string): { value: string; problem?: string } {
  if (spec.options.some((o) => o.value === raw)) return { value: raw };
  return {
    value: spec.default,
    problem: `${spec.label}: ${quote(raw)} is not one of ${describeAllowed(spec)}; using ${spec.default}.`,
  };
}

function decodeNumber(spec: NumberSpec, raw: string): { value: number; problem?: string } {
  const parsed = numberFromText(raw);
  if (parsed === null) {
    return {
      value: spec.default,
      problem: `${spec.label}: ${quote(raw)} is not a finite number; using ${spec.default}.`,
    };
  }
  const value = clampNumber(spec, parsed);
  if (value === parsed) return { value };
  return {
    value,
    problem: `${spec.label}: ${clip(String(parsed))} is not allowed (${describeAllowed(spec)}); using ${value}.`,
  };
}
