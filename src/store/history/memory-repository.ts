import { summarize, type RunRecord, type RunSummary } from './run-record';
import { newestFirst, type RunRepository } from './run-repository';

/** Options of {@link createMemoryRepository}. */
export interface MemoryRepositoryOptions {
  /**
   * Simulated quota in characters of JSON over all stored records: a write past it rejects with a
   * `QuotaExceededError` and changes nothing, as IndexedDB does. Default: no limit.
   */
  quotaChars?: number;
}

/**
 * A run history in memory: the stand-in when IndexedDB is blocked (runs last until reload) and
 * the repository the tests use. Records are copied in and out, as IndexedDB clones them.
 */
export function createMemoryRepository(options: MemoryRepositoryOptions = {}): RunRepository {
  const runs = new Map<string, { record: RunRecord; summary: RunSummary; chars: number }>();
  const used = () => [...runs.values()].reduce((sum, r) => sum + r.chars, 0);
  const quota = options.quotaChars ?? Infinity;
  return {
    list: async () => [...runs.values()].map((r) => ({ ...r.summary })).sort(newestFirst),
    get: async (id) => {
      const entry = runs.get(id);
      return entry ? structuredClone(entry.record) : null;
    },
    put: async (record) => {
      const chars = JSON.stringify(record).length;
      const freed = runs.get(record.id)?.chars ?? 0;
      if (used() - freed + chars > quota) {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      const summary = summarize(record);
      runs.set(record.id, { record: structuredClone(record), summary, chars });
      return { ...summary };
    },
    rename: async (id, name) => {
      const entry = runs.get(id);
      if (!entry) return false;
      runs.set(id, {
        ...entry,
        record: { ...entry.record, name },
        summary: { ...entry.summary, name },
      });
      return true;
    },
    remove: async (id) => {
      runs.delete(id);
    },
  };
}
