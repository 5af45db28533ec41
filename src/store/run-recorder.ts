import type { EngineEvent } from '../engine/protocol';
import type { Recipe } from '../settings/schema';
import {
  defaultRunName,
  isRunEvent,
  newRunId,
  type RunDraft,
  type RunRecord,
} from './history/run-record';

/**
 * Event types whose reducer case only replaces one field of the run state with the event's
 * values (no history): for the final state only the last of each counts, so the recording keeps
 * just that one, at the end of the stream. Each touches a field no other event type touches.
 */
const LATEST_ONLY = [
  'phase',
  'backend',
  'dataset',
  'histogram',
  'layer-sqnr',
  'layer-outliers',
  'layer-sensitivity',
  'bn-reestimated',
  'error',
] as const;
type LatestType = (typeof LATEST_ONLY)[number];
type Latest = Partial<Record<LatestType, EngineEvent>>;

/** The engine facts a run inherits from before its start (`beginRun` keeps them in the store). */
const FACTS = ['phase', 'backend', 'dataset'] as const satisfies readonly LatestType[];

const isLatestOnly = (type: string): type is LatestType =>
  (LATEST_ONLY as readonly string[]).includes(type);

/** Phases in which nothing trains: a good moment to store the run. */
const AT_REST: ReadonlySet<string> = new Set(['idle', 'paused', 'finished', 'failed']);

/** Options of {@link RunRecorder}. */
export interface RunRecorderOptions {
  /**
   * Called after every event recorded into a run, with the run (its record is built only when
   * asked for); `settled` is true when the run is at rest (idle, paused, finished or failed), the
   * moment to store it.
   */
  onChange?(run: RunDraft, settled: boolean): void;
  /** Clock in ms since the epoch (tests pass a fixed one). */
  now?(): number;
}

interface Recording {
  id: string;
  name: string;
  createdAt: number;
  recipe: Recipe;
  /** Events with history, in arrival order (append-only). */
  stream: EngineEvent[];
  latest: Latest;
}

/**
 * Records the engine events of the current run, exactly as the store applies them, so that
 * {@link replayRun} of its {@link RunRecorder.snapshot} equals the store's run state. The bridge
 * calls {@link begin} where it calls `beginRun`, {@link record} for every event it applies and
 * {@link discard} on reset. Events before the first `begin` only update the engine facts
 * (phase, backend, data set) a run starts from. Events outside {@link RUN_EVENT_TYPES} are ignored.
 */
export class RunRecorder {
  private facts: Latest = {};
  private current: Recording | null = null;

  constructor(private readonly options: RunRecorderOptions = {}) {}

  /** Start recording a new run with `recipe`, seeded with the engine facts seen so far. */
  begin(recipe: Recipe): void {
    const createdAt = this.options.now?.() ?? Date.now();
    this.current = {
      id: newRunId(createdAt),
      name: defaultRunName(recipe),
      createdAt,
      recipe,
      stream: [],
      latest: { ...this.facts },
    };
  }

  /** Record one engine event (call it for every event the store applies, in the same order). */
  record(event: EngineEvent): void {
    if (!isRunEvent(event)) return;
    if ((FACTS as readonly string[]).includes(event.type)) {
      this.facts = { ...this.facts, [event.type]: event };
    }
    const run = this.current;
    if (!run) return;
    if (isLatestOnly(event.type)) run.latest[event.type] = event;
    else run.stream.push(event);
    this.options.onChange?.(
      { id: run.id, createdAt: run.createdAt, snapshot: () => snapshotOf(run) },
      isSettled(run),
    );
  }

  /** Stop recording (after a reset); the engine facts are kept for the next run. */
  discard(): void {
    this.current = null;
  }

  /** The run recorded so far, or null when none is being recorded. */
  snapshot(): RunRecord | null {
    return this.current ? snapshotOf(this.current) : null;
  }
}

function snapshotOf(run: Recording): RunRecord {
  const latest = LATEST_ONLY.flatMap((type) => (run.latest[type] ? [run.latest[type]] : []));
  const { id, name, createdAt, recipe } = run;
  return { id, name, createdAt, recipe, events: [...run.stream, ...latest] };
}

function isSettled(run: Recording): boolean {
  const phase = run.latest.phase;
  return phase?.type === 'phase' && AT_REST.has(phase.phase);
}
