/**
 * The sweep archive as the controller uses it: writes in call order, and nothing lost when
 * storage fails. IndexedDB missing: a memory archive, said once. A run that does not fit: its
 * events stay in memory (so it still opens), its summary is in the store (so export works), and
 * the user is told plainly.
 */
import type { EngineEvent } from '../../engine/protocol';
import type { RunSummary } from '../../sweep/run-summary';
import { isQuotaError } from '../history/run-repository';
import {
  createMemoryArchive,
  type RestoredSweep,
  type StoredSweep,
  type SweepArchive,
} from './sweep-archive';
import type { SweepStorage } from './sweep-store';

/** What the panel says when a run does not fit. */
export const SWEEP_STORAGE_FULL =
  'Storage is full: the newest sweep results are kept in this tab only, until it reloads. Export them (CSV or JSON) to keep them.';

export interface SweepKeeper {
  loadLast(): Promise<RestoredSweep | null>;
  saveSweep(sweep: StoredSweep, keep: readonly string[]): Promise<void>;
  saveRun(key: string, summary: RunSummary, events: EngineEvent[]): Promise<void>;
  runEvents(key: string): Promise<EngineEvent[] | null>;
}

/** Wrap `archive` (which may reject: no IndexedDB); `report` hears every storage change. */
export function sweepKeeper(
  archive: Promise<SweepArchive>,
  report: (storage: SweepStorage) => void,
): SweepKeeper {
  const ready = archive.then(
    (a) => {
      report({ status: 'ready', message: null });
      return a;
    },
    (error: unknown) => {
      const message = `Sweeps cannot be stored in this browser (${why(error)}); results are kept until the page reloads.`;
      report({ status: 'memory', message });
      return createMemoryArchive();
    },
  );
  const unsaved = new Map<string, EngineEvent[]>();
  let queue: Promise<unknown> = Promise.resolve();
  /** Run `write` after every earlier write; a failure is reported, never thrown. */
  const enqueue = (write: (a: SweepArchive) => Promise<void>, onFail: (e: unknown) => void) => {
    const next = queue.then(() => ready.then(write)).catch(onFail);
    queue = next;
    return next;
  };
  const failed = (what: string) => (error: unknown) =>
    report({
      status: 'full',
      message: isQuotaError(error)
        ? SWEEP_STORAGE_FULL
        : `Could not store ${what} (${why(error)}); it is kept in this tab until it reloads.`,
    });
  return {
    loadLast: () => ready.then((a) => a.loadLast()),
    saveSweep: (sweep, keep) => enqueue((a) => a.saveSweep(sweep, keep), failed('the sweep')),
    saveRun: (key, summary, events) => {
      // Held in memory until stored, so the run opens even before (or without) the write.
      unsaved.set(key, events);
      return enqueue(async (a) => {
        await a.saveRun(key, summary, events);
        unsaved.delete(key);
      }, failed('a sweep run'));
    },
    runEvents: async (key) => unsaved.get(key) ?? (await ready).runEvents(key),
  };
}

const why = (error: unknown) => (error instanceof Error ? error.message : String(error));
