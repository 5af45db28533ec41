import { quote } from './problem-text';
import { AT_PARAM, CLASS_PARAM, INSPECT_PARAM, PRESET_PARAM, VIEW_PARAM } from './url-codec';
import { findPreset, matchingPreset, presetRecipe, recipeQuery, type Preset } from './presets';
import { defaultRecipe, type Recipe } from './schema';
import { NO_TWIN, type Twin } from './twin-codec';

/** Which page a link opens: one preset's demo, or the full lab with every setting and plot. */
export type Layout = 'demo' | 'lab';

/**
 * How the lab is shown, beside the recipe: the demo a recipe came from (its link label), the
 * layout and classroom mode. Part of the link, not of the recipe: a run never depends on it.
 */
export interface View {
  /** The preset the recipe was loaded from (it may have been modified since), or null. */
  preset: string | null;
  /** 'demo' shows the preset's story, plots and knobs on one screen; 'lab' shows everything. */
  layout: Layout;
  /** Classroom mode (`class=1`): each demo asks a question before Start. */
  classroom: boolean;
  /**
   * The layer the inspector shows (`inspect=conv2`); absent: the model's first. A name the model
   * lacks is reported by the inspector, which then shows the first layer.
   */
  inspect?: string;
  /**
   * The step whose histogram the inspector shows (`at=120`); absent: the latest, following a
   * live run. A step with no snapshot is reported by the inspector, which shows the nearest.
   */
  at?: number;
}

/** The full lab, no preset, no classroom: what a link without view parameters opens. */
export const LAB_VIEW: View = { preset: null, layout: 'lab', classroom: false };

/** The layout a link opens when it does not say: a preset's demo, else the full lab. */
export const defaultLayout = (preset: string | null): Layout => (preset ? 'demo' : 'lab');

/**
 * The view a query string asks for. Never throws: an unknown preset, layout or classroom flag is
 * ignored with a plain sentence in `problems` (the raw text quoted and cleaned, problem-text.ts).
 */
export function decodeView(search: string): { view: View; problems: string[] } {
  const params = new URLSearchParams(search);
  const problems: string[] = [];
  const preset = decodePreset(params.get(PRESET_PARAM), problems);
  const layout = decodeLayout(params.get(VIEW_PARAM), preset, problems);
  const classroom = decodeClassroom(params.get(CLASS_PARAM), problems);
  const inspect = decodeInspect(params.get(INSPECT_PARAM), problems);
  const at = decodeAt(params.get(AT_PARAM), problems);
  const view: View = { preset, layout, classroom };
  if (inspect) view.inspect = inspect;
  if (at !== null) view.at = at;
  return { view, problems };
}

/** Largest step a link may name: far beyond any run's length, and an exact integer. */
const MAX_AT = 10_000_000;

function decodeAt(raw: string | null, problems: string[]): number | null {
  if (raw === null) return null;
  const step = /^\d{1,8}$/.test(raw) ? Number(raw) : NaN;
  if (step <= MAX_AT) return step;
  problems.push(`Inspector: at=${quote(raw)} is not a step number; showing the latest histogram.`);
  return null;
}

/** Layer names are short identifiers ('conv2', 'block3_pw'); anything else cannot be one. */
const LAYER_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,39}$/;

function decodeInspect(raw: string | null, problems: string[]): string | null {
  if (raw === null || LAYER_NAME.test(raw)) return raw || null;
  problems.push(`Inspector: inspect=${quote(raw)} is not a layer name; showing the first layer.`);
  return null;
}

function decodePreset(raw: string | null, problems: string[]): string | null {
  if (raw === null) return null;
  if (findPreset(raw)) return raw;
  problems.push(`Demo: preset=${quote(raw)} is not a known demo; the link's settings were used.`);
  return null;
}

function decodeLayout(raw: string | null, preset: string | null, problems: string[]): Layout {
  if (raw === null) return defaultLayout(preset);
  if (raw === 'lab' || (raw === 'demo' && preset)) return raw;
  const why = raw === 'demo' ? 'needs a preset=' : 'is not demo or lab';
  problems.push(`Layout: view=${quote(raw)} ${why}; showing the ${defaultLayout(preset)} view.`);
  return defaultLayout(preset);
}

function decodeClassroom(raw: string | null, problems: string[]): boolean {
  if (raw === null || raw === '0') return false;
  if (raw === '1') return true;
  problems.push(`Classroom: class=${quote(raw)} is not 1 or 0; classroom mode is off.`);
  return false;
}

/**
 * The view's link parameters (without '?'; empty for {@link LAB_VIEW}): `preset=<id>`, then
 * `view=` only where it differs from the default, then `class=1`. Pure.
 */
export function encodeView(view: View): string {
  const params = new URLSearchParams();
  if (view.preset) params.set(PRESET_PARAM, view.preset);
  if (view.layout !== defaultLayout(view.preset)) params.set(VIEW_PARAM, view.layout);
  if (view.classroom) params.set(CLASS_PARAM, '1');
  if (view.inspect) params.set(INSPECT_PARAM, view.inspect);
  if (view.at !== undefined) params.set(AT_PARAM, String(view.at));
  return params.toString();
}

/** Whether two views are the same. */
export const sameView = (a: View, b: View) =>
  a.preset === b.preset &&
  a.layout === b.layout &&
  a.classroom === b.classroom &&
  (a.inspect ?? null) === (b.inspect ?? null) &&
  (a.at ?? null) === (b.at ?? null);

/**
 * What a link's settings apply over: the preset it names (a short link `?preset=kure-w4` is that
 * demo; `&kurew=0.1` changes one knob of it), else the defaults.
 */
export function linkBase(preset: string | null): Recipe {
  const found = preset ? findPreset(preset) : undefined;
  return found ? presetRecipe(found) : defaultRecipe();
}

/**
 * The whole link query (without '?'): recipe A (the settings that differ from the view's
 * preset, else from the defaults), the twin, then the view. Pure.
 */
export function linkQuery(recipe: Recipe, twin: Twin, view: View): string {
  const viewQuery = encodeView(view);
  const query = recipeQuery(recipe, twin, linkBase(view.preset));
  return viewQuery ? `${query}&${viewQuery}` : query;
}

/** The view of a recipe on its own (a file, a run): its preset's demo when it equals one. */
export function viewOfRecipe(recipe: Recipe): View {
  const preset = matchingPreset(recipe)?.id ?? null;
  return { preset, layout: defaultLayout(preset), classroom: false };
}

/** The query (without '?') of a link that opens `preset`'s demo. */
export function presetLink(preset: Preset): string {
  const view: View = { preset: preset.id, layout: 'demo', classroom: false };
  return linkQuery(presetRecipe(preset), NO_TWIN, view);
}
