import type { RunRecord, RunSummary } from './run-record';

/**
 * Where past runs are kept: IndexedDB in the browser ({@link openIdbRepository}), memory in tests
 * or when storage is blocked. Every write is all-or-nothing: a failed write leaves what was stored
 * before untouched. A write that does not fit rejects with an error {@link isQuotaError} accepts.
 */
export interface RunRepository {
  /** Every stored run's summary, newest first. */
  list(): Promise<RunSummary[]>;
  /** The full record, or null when no run has this id. */
  get(id: string): Promise<RunRecord | null>;
  /** Store (or replace) `record` and its summary; returns the summary. */
  put(record: RunRecord): Promise<RunSummary>;
  /** Rename a stored run; false when no run has this id. */
  rename(id: string, name: string): Promise<boolean>;
  /** Delete a stored run (nothing happens when no run has this id). */
  remove(id: string): Promise<void>;
}

/** Whether `error` says the browser's storage quota is used up. */
export function isQuotaError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, code } = error as { name?: unknown; code?: unknown };
  // Firefox before DOMException names were unified; code 22 is QUOTA_EXCEEDED_ERR.
  return name === 'QuotaExceededError' || name === 'NS_ERROR_DOM_QUOTA_REACHED' || code === 22;
}

/** Newest first, then by id, so the order is stable. */
export function newestFirst(a: RunSummary, b: RunSummary): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
