/**
 * Where the lab keeps its last sweep: IndexedDB (its own database, apart from the run history),
 * or memory when IndexedDB is missing. Runs are stored by their key (the run's whole recipe), so
 * a run shared by two sweeps is the same stored run.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EngineEvent } from '../../engine/protocol';
import type { Recipe } from '../../settings/schema';
import type { RunSummary } from '../../sweep/run-summary';
import type { SweepSpec } from '../../sweep/sweep-types';

/** Name of the sweeps' IndexedDB database. */
export const SWEEP_DB = 'quantlab-sweeps';
const SWEEP_DB_VERSION = 1;
/** The one key of the `sweep` store: only the last sweep is kept. */
const LAST = 'last';

/** What identifies a sweep; its plan follows from recipe and spec (`planSweep`). */
export interface StoredSweep {
  id: string;
  createdAt: number;
  recipe: Recipe;
  spec: SweepSpec;
}

/** The last sweep and the summaries of its finished runs, by run key. */
export interface RestoredSweep {
  sweep: StoredSweep;
  results: Record<string, RunSummary>;
}

export interface SweepArchive {
  /** The last sweep, or null when none was stored. */
  loadLast(): Promise<RestoredSweep | null>;
  /** Make `sweep` the last one; runs whose key is not in `keep` are deleted. */
  saveSweep(sweep: StoredSweep, keep: readonly string[]): Promise<void>;
  /** Store one finished run. Rejects with a quota error when it does not fit (nothing changes). */
  saveRun(key: string, summary: RunSummary, events: EngineEvent[]): Promise<void>;
  /** A stored run's events, or null. */
  runEvents(key: string): Promise<EngineEvent[] | null>;
}

interface SweepDb extends DBSchema {
  sweep: { key: string; value: StoredSweep };
  /** Summaries apart from events, so restoring a sweep never reads the event streams. */
  summaries: { key: string; value: RunSummary };
  events: { key: string; value: EngineEvent[] };
}

/** The archive in IndexedDB; rejects when IndexedDB is missing or blocked. */
export async function openSweepArchive(name = SWEEP_DB): Promise<SweepArchive> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
  const db = await openDB<SweepDb>(name, SWEEP_DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('sweep');
      database.createObjectStore('summaries');
      database.createObjectStore('events');
    },
  });
  return idbArchive(db);
}

function idbArchive(db: IDBPDatabase<SweepDb>): SweepArchive {
  return {
    async loadLast() {
      const tx = db.transaction(['sweep', 'summaries'], 'readonly');
      const sweep = await tx.objectStore('sweep').get(LAST);
      if (!sweep) return null;
      const summaries = tx.objectStore('summaries');
      const [keys, values] = await Promise.all([summaries.getAllKeys(), summaries.getAll()]);
      return { sweep, results: Object.fromEntries(keys.map((k, i) => [k, values[i]!])) };
    },
    async saveSweep(sweep, keep) {
      const kept = new Set(keep);
      const tx = db.transaction(['sweep', 'summaries', 'events'], 'readwrite');
      const stale = (await tx.objectStore('summaries').getAllKeys()).filter((k) => !kept.has(k));
      await settle(tx, [
        tx.objectStore('sweep').put(sweep, LAST),
        ...stale.flatMap((k) => [
          tx.objectStore('summaries').delete(k),
          tx.objectStore('events').delete(k),
        ]),
      ]);
    },
    async saveRun(key, summary, events) {
      const tx = db.transaction(['summaries', 'events'], 'readwrite');
      await settle(tx, [
        tx.objectStore('events').put(events, key),
        tx.objectStore('summaries').put(summary, key),
      ]);
    },
    async runEvents(key) {
      return (await db.get('events', key)) ?? null;
    },
  };
}

/**
 * Wait for a write transaction: a full quota aborts it, and only `tx.done` rejects with the cause
 * (the pending requests report AbortError), so the requests' own rejections are swallowed.
 */
async function settle(tx: { done: Promise<void> }, writes: Promise<unknown>[]): Promise<void> {
  for (const write of writes) write.catch(() => undefined);
  await tx.done;
}

/** The archive in memory: the stand-in when IndexedDB is missing (lasts until reload), and tests'. */
export function createMemoryArchive(): SweepArchive {
  let last: StoredSweep | null = null;
  const runs = new Map<string, { summary: RunSummary; events: EngineEvent[] }>();
  return {
    loadLast: async () =>
      last && {
        sweep: last,
        results: Object.fromEntries([...runs].map(([k, r]) => [k, r.summary])),
      },
    saveSweep: async (sweep, keep) => {
      last = sweep;
      for (const key of [...runs.keys()]) if (!keep.includes(key)) runs.delete(key);
    },
    saveRun: async (key, summary, events) => {
      runs.set(key, { summary, events });
    },
    runEvents: async (key) => runs.get(key)?.events ?? null,
  };
}
