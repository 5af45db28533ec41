import { upgradeEvent, type EngineEvent, type RunPhase } from '../../engine/protocol';
import { matchingPreset } from '../../settings/presets';
import type { Recipe } from '../../settings/schema';
import { TECHNIQUES } from '../../settings/techniques';
import { applyEvent, initialRunState, type RunState } from '../run-state';

/**
 * The engine events that build a run's state, i.e. every type `applyEvent` handles but the
 * transient progress of a sensitivity measurement. Anything else the engine sends (a weights
 * export, say) is a download, not part of the run.
 */
export const RUN_EVENT_TYPES = [
  'phase',
  'backend',
  'dataset',
  'train-metrics',
  'test-metrics',
  'layer-stats',
  'layer-sqnr',
  'layer-outliers',
  'layer-sensitivity',
  'technique-metrics',
  'weight-trace',
  'histogram',
  'layer-histograms',
  'ptq',
  'bn-reestimated',
  'error',
  'stage',
] as const satisfies readonly EngineEvent['type'][];

const RUN_EVENT_SET: ReadonlySet<string> = new Set(RUN_EVENT_TYPES);

/** Whether `event` belongs in a run's recorded stream. */
export function isRunEvent(event: { type: string }): event is EngineEvent {
  return RUN_EVENT_SET.has(event.type);
}

/** One run as the history keeps it: its recipe and the engine events that built its state. */
export interface RunRecord {
  /** Key in the history store, unique in this browser. */
  id: string;
  /** Name shown in the Runs panel (the user may rename it). */
  name: string;
  /** When the run was started, in ms since the Unix epoch. */
  createdAt: number;
  /** The full recipe the run trained with. */
  recipe: Recipe;
  /** Engine events in order: replaying them ({@link replayRun}) rebuilds the run state. */
  events: EngineEvent[];
}

/** A run still being recorded: who it is, and its record so far, built only on demand. */
export interface RunDraft {
  readonly id: string;
  /** When the run was started, ms since the Unix epoch. */
  readonly createdAt: number;
  /** The record so far; copies the event list, so call it only to store the run. */
  snapshot(): RunRecord;
}

/** What the Runs list shows of a run, stored apart from its events so the list loads fast. */
export interface RunSummary {
  id: string;
  name: string;
  createdAt: number;
  recipe: Recipe;
  /** Test accuracy (0..1) of the run's last test evaluation; null before any. */
  finalTestAccuracy: number | null;
  /** Last training step with metrics (0 before the first). */
  step: number;
  /** Phase the run was last in. */
  phase: RunPhase;
  /** Number of recorded events. */
  eventCount: number;
}

/** The run state the store held: the recipe, then every event through the reducer. */
export function replayRun(record: Pick<RunRecord, 'recipe' | 'events'>): RunState {
  return record.events
    .map((event) => upgradeEvent(event, record.recipe))
    .reduce(applyEvent, { ...initialRunState(), recipe: record.recipe });
}

/** The list entry of `record`. */
export function summarize(record: RunRecord): RunSummary {
  let finalTestAccuracy: number | null = null;
  let step = 0;
  let phase: RunPhase = 'idle';
  for (const event of record.events) {
    if (event.type === 'test-metrics') finalTestAccuracy = event.testAccuracy;
    else if (event.type === 'train-metrics') step = event.step;
    else if (event.type === 'phase') phase = event.phase;
  }
  const { id, name, createdAt, recipe } = record;
  return {
    id,
    name,
    createdAt,
    recipe,
    finalTestAccuracy,
    step,
    phase,
    eventCount: record.events.length,
  };
}

/** Whether a record holds any metric worth keeping (a refused start holds none). */
export function hasMetrics(record: RunRecord): boolean {
  return record.events.some((e) => e.type === 'train-metrics' || e.type === 'test-metrics');
}

/** A fresh id: creation time and a random tail, sortable by time. */
export function newRunId(createdAt: number, random: () => number = Math.random): string {
  const tail = Math.floor(random() * 36 ** 6)
    .toString(36)
    .padStart(6, '0');
  return `${createdAt.toString(36)}-${tail}`;
}

/** A new run's name: the preset's name when the recipe is one, else a short recipe summary. */
export function defaultRunName(recipe: Recipe): string {
  return matchingPreset(recipe)?.name ?? recipeSummary(recipe);
}

/** One line on a recipe: model, data, length and the techniques that are on. */
export function recipeSummary(recipe: Recipe): string {
  const techniques = TECHNIQUES.flatMap((t) =>
    t.summary && t.isOn(recipe) ? [t.summary(recipe)] : [],
  );
  const what = techniques.length > 0 ? techniques.join(' + ') : 'float';
  return `${recipe.model} on ${recipe.dataset}, ${recipe.steps} steps, ${what}`;
}
