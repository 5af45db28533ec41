/**
 * The files of a headless sweep, all beside the CSV: `<out>.runs.json` holds every finished run's
 * summary by run key (the recipe's canonical query), saved after each run so `--resume` trains
 * only the missing ones; `<name>.summary.json` holds the per-value statistics.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RunSummary } from '../../src/sweep/run-summary';
import { fromExactJson, toExactJson } from './sweep-json';

/** Where a sweep writing its CSV to `out` keeps its runs and its summary. */
export function sweepFiles(out: string): { csv: string; runs: string; summary: string } {
  const stem = out.replace(/\.csv$/i, '');
  return { csv: out, runs: `${out}.runs.json`, summary: `${stem}.summary.json` };
}

/** The summaries saved at `path` by run key (none when it is missing or unreadable). */
export function loadRuns(path: string): Map<string, RunSummary> {
  if (!existsSync(path)) return new Map();
  try {
    const saved = fromExactJson(readFileSync(path, 'utf8')) as Record<string, RunSummary>;
    return new Map(Object.entries(saved));
  } catch {
    return new Map(); // a damaged file costs reruns, never a wrong result
  }
}

/** Save every summary, replacing the file in one rename so a kill never leaves half of it. */
export function saveRuns(path: string, runs: ReadonlyMap<string, RunSummary>): void {
  mkdirSync(dirname(path), { recursive: true });
  const partial = `${path}.partial`;
  writeFileSync(partial, `${toExactJson(Object.fromEntries(runs), 1)}\n`);
  renameSync(partial, path);
}
