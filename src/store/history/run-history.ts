import { fromRunExport, parseRunFile } from '../export/run-file';
import { createMemoryRepository } from './memory-repository';
import { hasMetrics, newRunId, type RunDraft, type RunRecord, type RunSummary } from './run-record';
import { isQuotaError, newestFirst, type RunRepository } from './run-repository';

/** What the user is told when a write does not fit; nothing is ever deleted to make room. */
export const STORAGE_FULL = 'Storage is full: delete or export older runs.';

/** Shortest time between two stores of a run that is still training (ms). */
export const AUTOSAVE_MS = 10_000;

/** Largest file the import reads (bytes); a run file is a few MB at most. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/** Everything the Runs panel shows; replaced (never mutated) on every change. */
export interface HistoryState {
  /** 'memory': storage is blocked, runs last until the page reloads. */
  status: 'loading' | 'ready' | 'memory';
  /** Stored runs, newest first. */
  runs: RunSummary[];
  /** A problem to announce (role=alert): storage full, import refused, storage blocked. */
  alert: string | null;
  /** The last action's outcome, for a polite live region. */
  notice: string | null;
  /** The run a full storage could not take: still downloadable from memory. */
  unsaved: RunRecord | null;
}

/** Options of {@link RunHistory}. */
export interface RunHistoryOptions {
  /** Clock in ms since the epoch (tests pass a fake one). */
  now?(): number;
}

/**
 * The run history: a small external store (subscribe / getSnapshot, for useSyncExternalStore)
 * over a {@link RunRepository}. Writes run one at a time in call order. A write that fails for
 * lack of space tells the user ({@link STORAGE_FULL}) and keeps every stored run.
 */
export class RunHistory {
  private state: HistoryState = {
    status: 'loading',
    runs: [],
    alert: null,
    notice: null,
    unsaved: null,
  };
  private readonly listeners = new Set<() => void>();
  private readonly repository: Promise<RunRepository>;
  private queue: Promise<unknown> = Promise.resolve();
  /** Runs deleted while still recording: never stored again. */
  private readonly deleted = new Set<string>();
  /** When each run was last stored (ms), for the autosave cadence. */
  private readonly savedAt = new Map<string, number>();

  /** `repository` may reject (storage blocked): the history then lives in memory. */
  constructor(
    repository: Promise<RunRepository>,
    private readonly options: RunHistoryOptions = {},
  ) {
    this.repository = repository.catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      this.update({
        status: 'memory',
        alert: `Runs cannot be stored in this browser (${why}); they are kept until the page reloads.`,
      });
      return createMemoryRepository();
    });
    this.enqueue(async (repo) => {
      const status = this.state.status === 'memory' ? 'memory' : 'ready';
      try {
        this.update({ runs: await repo.list(), status });
      } catch (error) {
        this.update({ status });
        throw error;
      }
    }, 'Could not read the stored runs');
  }

  /** Listen for changes; returns the unsubscribe function. */
  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** The current state (the same object until something changes). */
  readonly getSnapshot = (): HistoryState => this.state;

  /**
   * Store the run being recorded when it is worth it: at once when `settled`, else at most every
   * {@link AUTOSAVE_MS} (its record is only built then). Runs without metrics and runs the user
   * deleted are skipped.
   */
  autosave(run: RunDraft, settled: boolean): Promise<void> {
    const now = this.now();
    const due = settled || now - (this.savedAt.get(run.id) ?? run.createdAt) >= AUTOSAVE_MS;
    if (!due || this.deleted.has(run.id)) return Promise.resolve();
    const record = run.snapshot();
    if (!hasMetrics(record)) return Promise.resolve();
    this.savedAt.set(run.id, now);
    return this.save(record);
  }

  /** Store (or update) a run, keeping a name the user gave it. */
  save(record: RunRecord): Promise<void> {
    return this.enqueue(async (repo) => {
      if (this.deleted.has(record.id)) return;
      const name = this.state.runs.find((r) => r.id === record.id)?.name ?? record.name;
      try {
        const summary = await repo.put({ ...record, name });
        const stored = this.state.unsaved?.id === record.id;
        this.update({
          runs: withSummary(this.state.runs, summary),
          ...(stored ? { unsaved: null, alert: null } : {}),
        });
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        const alert = `${STORAGE_FULL} This run is not stored yet: download it to keep it.`;
        this.update({ alert, unsaved: { ...record, name } });
      }
    }, 'Could not store the run');
  }

  /**
   * Import a run file's text as a new run. A refused file (not a run file, newer version,
   * damaged) or a full storage stores nothing and says why. Resolves to whether it was stored.
   */
  importText(text: string): Promise<boolean> {
    const parsed = parseRunFile(text);
    if (!parsed.ok) {
      this.update({ alert: `Import refused: ${parsed.message}`, notice: null });
      return Promise.resolve(false);
    }
    const record = fromRunExport(parsed.run, newRunId(this.now()));
    let stored = false;
    return this.enqueue(async (repo) => {
      try {
        const summary = await repo.put(record);
        stored = true;
        this.update({
          runs: withSummary(this.state.runs, summary),
          notice: `Imported “${record.name}”.`,
        });
      } catch (error) {
        if (!isQuotaError(error)) throw error;
        this.update({ alert: `${STORAGE_FULL} The imported run was not stored.` });
      }
    }, 'Could not import the run').then(() => stored);
  }

  /** Import a chosen file: read it (refusing one too large to be a run file), then as text. */
  async importFile(file: Pick<Blob, 'size' | 'text'>): Promise<boolean> {
    const refuse = (why: string) => {
      this.update({ alert: `Import refused: ${why}`, notice: null });
      return false;
    };
    if (file.size > MAX_IMPORT_BYTES) {
      return refuse('the file is larger than 256 MB, far larger than any run file.');
    }
    try {
      return await this.importText(await file.text());
    } catch (error) {
      return refuse(`the file could not be read (${String(error)}).`);
    }
  }

  /** Rename a stored run (a blank name changes nothing). */
  rename(id: string, name: string): Promise<void> {
    const clean = name.trim().slice(0, 200);
    if (clean === '') return Promise.resolve();
    return this.enqueue(async (repo) => {
      if (!(await repo.rename(id, clean))) return;
      const runs = this.state.runs.map((r) => (r.id === id ? { ...r, name: clean } : r));
      this.update({ runs, notice: `Renamed to “${clean}”.` });
    }, 'Could not rename the run');
  }

  /** Delete a run for good (also the one still recording: it is not stored again). */
  remove(id: string): Promise<void> {
    this.deleted.add(id);
    return this.enqueue(async (repo) => {
      await repo.remove(id);
      const gone = this.state.runs.find((r) => r.id === id);
      const unsaved = this.state.unsaved?.id === id ? null : this.state.unsaved;
      this.update({
        runs: this.state.runs.filter((r) => r.id !== id),
        unsaved,
        notice: gone ? `Deleted “${gone.name}”.` : null,
      });
    }, 'Could not delete the run');
  }

  /** The full record of a stored run (or of the unsaved one), or null. */
  async get(id: string): Promise<RunRecord | null> {
    if (this.state.unsaved?.id === id) return this.state.unsaved;
    const repo = await this.repository;
    return repo.get(id);
  }

  /** Clear the alert (the user closed it). */
  dismissAlert(): void {
    this.update({ alert: null });
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }

  /** Run `task` after every earlier write; an unexpected failure becomes an alert. */
  private enqueue(task: (repo: RunRepository) => Promise<void>, failure: string): Promise<void> {
    const run = this.queue.then(async () => {
      try {
        await task(await this.repository);
      } catch (error) {
        const why = error instanceof Error ? error.message : String(error);
        this.update({ alert: `${failure}: ${why}` });
      }
    });
    this.queue = run;
    return run;
  }

  private update(patch: Partial<HistoryState>): void {
    this.state = { ...this.state, ...patch };
    for (const listener of this.listeners) listener();
  }
}

/** `runs` with `summary` added or replaced, newest first. */
function withSummary(runs: RunSummary[], summary: RunSummary): RunSummary[] {
  return [...runs.filter((r) => r.id !== summary.id), summary].sort(newestFirst);
}
