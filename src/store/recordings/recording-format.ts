/**
 * A preset's recorded run, as `public/recordings/<preset-id>.json.gz` holds it (gzip of this JSON):
 * a header on how it was made, then a run record (recipe and thinned engine events) that replays
 * through the store's reducer like a stored run ({@link toRunRecord}, then `replayRun`).
 */
import { z } from 'zod';
import { storedEventSchema, upgradeEvent, type EngineEvent } from '../../engine/protocol';
import { recipeSchema } from '../../settings/recipe-schema';
import type { Recipe } from '../../settings/schema';
import type { RunRecord } from '../history/run-record';

/** The format's name, so a stray file is recognised as not a recording. */
export const RECORDING_FORMAT = 'quantlab-recording';
/** Version of the format; a reader refuses any other. */
export const RECORDING_VERSION = 1;
/** The backend every recording is made on: the engine in Node (`npm run record-presets`). */
export const RECORDING_BACKEND = 'cpu (Node)';

const thinRuleSchema = z.object({
  metricsStride: z.number().int().positive(),
  testStride: z.number().int().positive(),
  histogramStride: z.number().int().positive(),
  traceAfter: z.number().int().nonnegative(),
  digits: z.number().int().positive(),
});

/** How and when a recording was made. */
export const recordingHeaderSchema = z.object({
  /** The preset recorded (`settings/presets.ts`). */
  presetId: z.string(),
  /** The recipe's seed. */
  seed: z.number().int(),
  backend: z.string(),
  /** Run steps recorded (both stages): the preset's full length unless a prefix was asked for. */
  steps: z.number().int().nonnegative(),
  /** Run steps of the preset's full recipe (pretraining plus training). */
  fullSteps: z.number().int().positive(),
  /** When the recording was made, ISO 8601. */
  recordedAt: z.string(),
  /** The recipe as a lab link's query (`recipeQuery`), to open or re-run it. */
  query: z.string(),
  /** The lab's package version and, when known, its git commit. */
  engineVersion: z.string(),
  /** Wall-clock seconds the recording took in Node. */
  seconds: z.number().nonnegative(),
  /** The thinning applied to the events (`thin.ts`). */
  thinning: thinRuleSchema,
});
export type RecordingHeader = z.infer<typeof recordingHeaderSchema>;

/** A whole recording file's JSON. */
export const recordingSchema = z.object({
  format: z.literal(RECORDING_FORMAT),
  version: z.literal(RECORDING_VERSION),
  header: recordingHeaderSchema,
  /** Run name shown in the lab (the preset's name). */
  name: z.string(),
  recipe: recipeSchema,
  /** Engine events of the run, thinned, in order. */
  events: z.array(storedEventSchema),
});

/** A recording as read and validated. */
export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: typeof RECORDING_VERSION;
  header: RecordingHeader;
  name: string;
  recipe: Recipe;
  events: EngineEvent[];
}

/** Check parsed JSON against the format; the error names the first problem and where it is. */
export function parseRecording(
  data: unknown,
): { ok: true; recording: Recording } | { ok: false; error: string } {
  const result = recordingSchema.safeParse(data);
  if (result.success) {
    const { recipe, events } = result.data;
    return {
      ok: true,
      recording: { ...result.data, events: events.map((e) => upgradeEvent(e, recipe)) },
    };
  }
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  return { ok: false, error: `not a recording${where}: ${issue?.message ?? 'invalid'}` };
}

/** The recording as a run record: what the Runs list stores and `replayRun` replays. */
export function toRunRecord(recording: Recording): RunRecord {
  const createdAt = Date.parse(recording.header.recordedAt);
  return {
    id: `recording-${recording.header.presetId}`,
    name: recording.name,
    createdAt: Number.isNaN(createdAt) ? 0 : createdAt,
    recipe: recording.recipe,
    events: recording.events,
  };
}
