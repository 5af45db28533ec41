import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { summarize, type RunRecord, type RunSummary } from './run-record';
import { newestFirst, type RunRepository } from './run-repository';

/** Name of the lab's IndexedDB database. */
export const HISTORY_DB = 'quantlab-history';
/** Schema version of the database (bumped with an upgrade step when the stores change). */
export const HISTORY_DB_VERSION = 1;

interface HistoryDb extends DBSchema {
  /** Full records (recipe and events), read only to open, compare or export one run. */
  runs: { key: string; value: RunRecord };
  /** What the list shows, kept apart so listing never reads the event streams. */
  summaries: { key: string; value: RunSummary };
}

/**
 * The run history in IndexedDB. Each write touches both stores in one transaction, so a write
 * that fails (a full quota aborts it) leaves the stored runs exactly as they were.
 * Rejects when IndexedDB is missing or blocked.
 */
export async function openIdbRepository(name = HISTORY_DB): Promise<RunRepository> {
  if (typeof indexedDB === 'undefined') throw new Error('IndexedDB is not available');
  const db = await openDB<HistoryDb>(name, HISTORY_DB_VERSION, {
    upgrade(database) {
      database.createObjectStore('runs', { keyPath: 'id' });
      database.createObjectStore('summaries', { keyPath: 'id' });
    },
  });
  return idbRepository(db);
}

function idbRepository(db: IDBPDatabase<HistoryDb>): RunRepository {
  return {
    async list() {
      return (await db.getAll('summaries')).sort(newestFirst);
    },
    async get(id) {
      return (await db.get('runs', id)) ?? null;
    },
    async put(record) {
      const summary = summarize(record);
      const tx = db.transaction(['runs', 'summaries'], 'readwrite');
      await commit(tx, [
        tx.objectStore('runs').put(record),
        tx.objectStore('summaries').put(summary),
      ]);
      return summary;
    },
    async rename(id, name) {
      const tx = db.transaction(['runs', 'summaries'], 'readwrite');
      const [record, summary] = await Promise.all([
        tx.objectStore('runs').get(id),
        tx.objectStore('summaries').get(id),
      ]);
      if (!record || !summary) {
        await tx.done;
        return false;
      }
      await commit(tx, [
        tx.objectStore('runs').put({ ...record, name }),
        tx.objectStore('summaries').put({ ...summary, name }),
      ]);
      return true;
    },
    async remove(id) {
      const tx = db.transaction(['runs', 'summaries'], 'readwrite');
      await commit(tx, [tx.objectStore('runs').delete(id), tx.objectStore('summaries').delete(id)]);
    },
  };
}

/**
 * Wait for a write transaction. A request that fails aborts the transaction, and a full quota
 * fails the commit itself; either way `tx.done` rejects with the cause (QuotaExceededError),
 * whereas the pending requests would only report AbortError, so only `tx.done` is reported.
 */
async function commit(tx: { done: Promise<void> }, writes: Promise<unknown>[]): Promise<void> {
  for (const write of writes) write.catch(() => undefined);
  await tx.done;
}
