/**
 * The A/B twin in a link. Recipe A is the usual query; twin B is A with a few settings changed,
 * written as `twin=1&b.<param>=<value>` for each changed setting, so a shared link holds both
 * recipes and B follows A in everything it does not change.
 */
import { ignoredParamsNotice, quote } from './problem-text';
import { SETTINGS, SETTING_KEYS, settingKeyOfParam, type SettingKey, type Recipe } from './schema';
import { TWIN_PARAM, TWIN_PREFIX, decodeValue } from './url-codec';

/** Whether a twin B trains beside A, and the settings in which B differs from A. */
export interface Twin {
  on: boolean;
  overrides: Partial<Recipe>;
}

/** No twin: only recipe A trains. */
export const NO_TWIN: Twin = { on: false, overrides: {} };

/** The most `b.` parameters a link may carry (one per setting). */
const MAX_OVERRIDES = SETTING_KEYS.length;

/** Recipe B: A with B's overrides. */
export function twinRecipe(a: Recipe, twin: Twin): Recipe {
  return { ...a, ...twin.overrides };
}

/** Whether two twins give B the same recipe over any A (same switch, same overrides). */
export function sameTwin(x: Twin, y: Twin): boolean {
  if (x.on !== y.on) return false;
  const keys = (t: Twin) => Object.keys(t.overrides) as SettingKey[];
  return (
    keys(x).length === keys(y).length &&
    keys(x).every((key) => x.overrides[key] === y.overrides[key])
  );
}

/** The settings in which B differs from A, in table order (overrides equal to A are dropped). */
export function twinDifferences(a: Recipe, b: Recipe): Partial<Recipe> {
  const out: Partial<Record<SettingKey, unknown>> = {};
  for (const key of SETTING_KEYS) if (a[key] !== b[key]) out[key] = b[key];
  return out as Partial<Recipe>;
}

/** The twin's query parameters (without '?' or a leading '&'); empty when the twin is off. */
export function encodeTwin(a: Recipe, twin: Twin): string {
  if (!twin.on) return '';
  const params = new URLSearchParams({ [TWIN_PARAM]: '1' });
  const differences = twinDifferences(a, twinRecipe(a, twin));
  for (const key of SETTING_KEYS) {
    if (key in differences)
      params.set(`${TWIN_PREFIX}${SETTINGS[key].param}`, String(differences[key]));
  }
  return params.toString();
}

/**
 * Read the twin from a query string. Never throws: `twin` other than 1 or 0 and unknown or bad `b.`
 * parameters are ignored, bad values fall back or are clamped as for A, and each is named in
 * `problems`. A `b.` parameter turns the twin on even without `twin=1`; `twin=0` keeps it off.
 */
export function decodeTwin(search: string): { twin: Twin; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const flag = params.get(TWIN_PARAM);
  if (flag !== null && flag !== '1' && flag !== '0') {
    problems.push(`A/B twin: twin=${quote(flag)} is not 1 or 0; reading the b. parameters alone.`);
  }
  const overrides: Partial<Record<SettingKey, unknown>> = {};
  const unknown: string[] = [];
  for (const [name, raw] of params) {
    if (!name.startsWith(TWIN_PREFIX)) continue;
    const key = settingKeyOfParam(name.slice(TWIN_PREFIX.length));
    if (key === undefined || Object.keys(overrides).length >= MAX_OVERRIDES) {
      unknown.push(name);
      continue;
    }
    if (key in overrides) continue; // the first value wins, as for A
    const decoded = decodeValue(SETTINGS[key], raw);
    overrides[key] = decoded.value;
    if (decoded.problem) problems.push(`Twin B: ${decoded.problem}`);
  }
  const notice = ignoredParamsNotice('unknown twin parameters', unknown);
  if (notice) problems.push(notice);
  const on = flag === '1' || (flag !== '0' && Object.keys(overrides).length > 0);
  return { twin: { on, overrides: on ? (overrides as Partial<Recipe>) : {} }, problems };
}
