import { z } from 'zod';
import { storedEventSchema, upgradeEvent } from '../../engine/protocol';
import { recipeSchema } from '../../settings/recipe-schema';
import { defaultRecipe, type Recipe } from '../../settings/schema';
import { clip } from '../../settings/problem-text';
import { isRunEvent, type RunRecord } from '../history/run-record';
import { parseExact, stringifyExact } from './exact-json';

/** `format` of a run file: what the Runs panel exports and imports. */
export const RUN_FORMAT = 'quantlab-run';
/** Version of the run file this page writes and the newest it reads. */
export const RUN_FORMAT_VERSION = 1;

/** A run as a file: the stored record without its local id. */
export interface RunExport {
  format: typeof RUN_FORMAT;
  version: typeof RUN_FORMAT_VERSION;
  name: string;
  /** When the run was started, ms since the Unix epoch. */
  createdAt: number;
  recipe: Recipe;
  /** The run's engine events; replaying them rebuilds its state. */
  events: RunRecord['events'];
}

/** What reading a file gives: the run, or one plain sentence saying why it was refused. */
export type RunImport = { ok: true; run: RunExport } | { ok: false; message: string };

/** Other QuantLab files, named in the message when one is imported as a run by mistake. */
const OTHER_FORMATS: Record<string, string> = {
  'quantlab-metrics': 'a metrics export',
  'quantlab-recipe': 'a recipe export',
  'quantlab-weights': 'a weights export',
};

/** The file form of `record`. */
export function toRunExport(record: RunRecord): RunExport {
  const { name, createdAt, recipe, events } = record;
  return { format: RUN_FORMAT, version: RUN_FORMAT_VERSION, name, createdAt, recipe, events };
}

/** The run file's text (compact JSON that keeps every number exactly). */
export function serializeRun(record: RunRecord): string {
  return stringifyExact(toRunExport(record));
}

/** A stored record of an imported run under a new local `id`. */
export function fromRunExport(run: RunExport, id: string): RunRecord {
  const { name, createdAt, recipe, events } = run;
  return { id, name, createdAt, recipe, events };
}

/** Settings missing from an older file take their defaults, as a link without them does. */
const storedRecipeSchema = z.preprocess(
  (value) =>
    typeof value === 'object' && value !== null ? { ...defaultRecipe(), ...value } : value,
  recipeSchema,
);

const bodySchema = z.object({
  name: z.string().max(200),
  createdAt: z.number().finite().min(0),
  recipe: storedRecipeSchema,
  events: z.array(storedEventSchema.refine(isRunEvent, { message: 'is not an event of a run' })),
});

/**
 * Read a run file. Refuses, with a plain sentence and nothing else done, a file that is not JSON,
 * is damaged (invalid JSON, or a field of the wrong shape), is another kind of file, or comes from
 * a newer QuantLab. Pure.
 */
export function parseRunFile(text: string): RunImport {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') return refuse('The file is empty: it is not a QuantLab run file.');
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    return refuse('This file is not JSON, so it is not a QuantLab run file.');
  }
  let data: unknown;
  try {
    data = parseExact(trimmed);
  } catch (error) {
    const why = error instanceof Error ? ` (${error.message})` : '';
    return refuse(`The file is damaged: it is not valid JSON${why}.`);
  }
  const header = checkHeader(data);
  if (header) return refuse(header);
  const body = bodySchema.safeParse(data);
  if (!body.success) {
    const issue = body.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    const what = issue?.message ?? 'invalid';
    return refuse(`The run file is damaged${where}: ${what}.`);
  }
  const { name, createdAt, recipe } = body.data;
  const events = body.data.events.map((event) => upgradeEvent(event, recipe));
  return {
    ok: true,
    run: { format: RUN_FORMAT, version: RUN_FORMAT_VERSION, name, createdAt, recipe, events },
  };
}

/** Why `data` is not a run file this page can read, or null when its header is fine. */
function checkHeader(data: unknown): string | null {
  const header = typeof data === 'object' && data !== null && !Array.isArray(data) ? data : {};
  const { format, version } = header as { format?: unknown; version?: unknown };
  if (format !== RUN_FORMAT) {
    const other = typeof format === 'string' ? OTHER_FORMATS[format] : undefined;
    return other
      ? `This is ${other}, not a run file: export the run with "Run file (JSON)" to import it.`
      : 'This file is not a QuantLab run file (it lacks "format": "quantlab-run").';
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return `This run file has no valid version (got ${clip(JSON.stringify(version) ?? 'none')}).`;
  }
  if (version > RUN_FORMAT_VERSION) {
    return (
      `This run file comes from a newer QuantLab (file version ${version}; this page reads ` +
      `version ${RUN_FORMAT_VERSION}). Reload the page to update QuantLab, then import it again.`
    );
  }
  return null;
}

const refuse = (message: string): RunImport => ({ ok: false, message });
