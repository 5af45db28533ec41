/**
 * A sweep's files: CSV with one row per planned run and every metric, and JSON with recipe A,
 * the spec and each run's whole summary. Pure: built from the store's sweep alone (no stored
 * events), so export works when storage does not.
 */
import { SETTINGS } from '../../settings/schema';
import { stringifyExact } from '../export/exact-json';
import { SWEEP_METRICS } from '../../sweep/sweep-metrics';
import type { SweepRun } from '../../sweep/sweep-types';
import type { LabSweep } from './sweep-state';

/** `format` of a sweep JSON file. */
export const SWEEP_FORMAT = 'quantlab-sweep';
export const SWEEP_FORMAT_VERSION = 1;

/** What became of a planned run. */
export type RunStatus = 'done' | 'diverged' | 'failed' | 'missing';

export function runStatus(sweep: LabSweep, run: SweepRun): RunStatus {
  const summary = sweep.results[run.key];
  if (summary) return summary.diverged === null ? 'done' : 'diverged';
  return run.key in sweep.failed ? 'failed' : 'missing';
}

/** The CSV's header: the knob (by its link name), the seed, the run's status, then each metric id. */
export function sweepCsvHeader(sweep: LabSweep): string[] {
  const knob = SETTINGS[sweep.spec.knob].param;
  return [knob, 'value_index', 'seed_index', 'seed', 'status', ...SWEEP_METRICS.map((m) => m.id)];
}

/** One row per planned run in plan order; metrics empty where the run has none (or no result). */
export function sweepCsvRows(sweep: LabSweep): (string | number)[][] {
  return sweep.plan.map((run) => {
    const summary = sweep.results[run.key];
    const metrics = SWEEP_METRICS.map((m) => {
      const y = summary ? m.read(summary) : NaN;
      return Number.isFinite(y) ? y : '';
    });
    return [run.value, run.valueIndex, run.seedIndex, run.seed, runStatus(sweep, run), ...metrics];
  });
}

/** The whole CSV text (RFC 4180 quoting, CRLF line ends). */
export function sweepCsv(sweep: LabSweep): string {
  const lines = [sweepCsvHeader(sweep), ...sweepCsvRows(sweep)];
  return lines.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** A cell quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvCell(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The JSON file: recipe A, the spec, and every planned run with its status and summary. */
export function sweepJson(sweep: LabSweep): string {
  return stringifyExact(
    {
      format: SWEEP_FORMAT,
      version: SWEEP_FORMAT_VERSION,
      createdAt: new Date(sweep.createdAt).toISOString(),
      recipe: sweep.recipe,
      spec: sweep.spec,
      runs: sweep.plan.map((run) => ({
        key: run.key,
        valueIndex: run.valueIndex,
        value: run.value,
        seedIndex: run.seedIndex,
        seed: run.seed,
        status: runStatus(sweep, run),
        summary: sweep.results[run.key] ?? null,
        ...(run.key in sweep.failed ? { failure: sweep.failed[run.key] } : {}),
      })),
    },
    2,
  );
}
