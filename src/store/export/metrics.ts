import type { EngineEvent } from '../../engine/protocol';
import type { RunRecord } from '../history/run-record';

/** The metric events a metrics export holds, in stream order. */
export const METRIC_EVENT_TYPES = [
  'train-metrics',
  'test-metrics',
  'layer-stats',
  'technique-metrics',
  'ptq',
  'bn-reestimated',
] as const satisfies readonly EngineEvent['type'][];

/** One metric event: every metric event carries the training step it was measured after. */
export type MetricEvent = Extract<EngineEvent, { type: (typeof METRIC_EVENT_TYPES)[number] }>;

/** `format` of a metrics JSON file. */
export const METRICS_FORMAT = 'quantlab-metrics';

/** A cell value of a flattened metric row. */
export type Cell = number | string | boolean;

/** The metric events of a run, in order. */
export function metricEvents(events: readonly EngineEvent[]): MetricEvent[] {
  const types: readonly string[] = METRIC_EVENT_TYPES;
  return events.filter((e): e is MetricEvent => types.includes(e.type));
}

/**
 * One metric event as flat columns, keyed by dotted paths: nested objects by key, lists of named
 * entries by name (`conv2.kurtosis`, `W4A32.accuracy`), other lists by index. `step` and `type`
 * are left out (they lead every row).
 */
export function flattenMetric(event: MetricEvent): Record<string, Cell> {
  const row: Record<string, Cell> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key !== 'type' && key !== 'step') flattenInto(row, key, value);
  }
  return row;
}

function flattenInto(row: Record<string, Cell>, path: string, value: unknown): void {
  if (value === null || value === undefined) return;
  if (typeof value !== 'object') {
    row[path] = value as Cell;
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      const [key, rest] = listEntry(item, i);
      flattenInto(row, `${path}.${key}`, rest);
    });
    return;
  }
  for (const [key, inner] of Object.entries(value)) flattenInto(row, `${path}.${key}`, inner);
}

/** A list entry's key (its `name`, else its `label`, else its index) and the entry without it. */
function listEntry(item: unknown, index: number): [string, unknown] {
  if (typeof item === 'object' && item !== null && !Array.isArray(item)) {
    const { name, ...withoutName } = item as Record<string, unknown>;
    if (typeof name === 'string') return [name, withoutName];
    const { label, ...withoutLabel } = item as Record<string, unknown>;
    if (typeof label === 'string') return [label, withoutLabel];
  }
  return [String(index), item];
}

/**
 * Metrics as CSV (RFC 4180, CRLF line ends): a header `step,type,…` and one row per metric event,
 * the other columns the union of every event's flattened fields in first-seen order, empty where an
 * event has no such field. Pure.
 */
export function metricsCsv(events: readonly EngineEvent[]): string {
  const rows: Record<string, Cell>[] = metricEvents(events).map((e) => ({
    step: e.step,
    type: e.type,
    ...flattenMetric(e),
  }));
  const columns = ['step', 'type'];
  const seen = new Set(columns);
  for (const row of rows) {
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        columns.push(key);
      }
    }
  }
  const lines = [columns.map(csvCell), ...rows.map((row) => columns.map((c) => csvCell(row[c])))];
  return lines.map((cells) => cells.join(',')).join('\r\n') + '\r\n';
}

/**
 * One CSV field: numbers in full precision, text quoted when it holds a comma, quote or line
 * break, and text that a spreadsheet would run as a formula (leading = + - @) prefixed with '.
 */
export function csvCell(value: Cell | undefined): string {
  if (value === undefined) return '';
  if (typeof value !== 'string') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** Metrics as plain JSON: the run's name, start time and recipe, and its metric events in order. */
export function metricsJson(record: RunRecord): string {
  const { name, createdAt, recipe, events } = record;
  const metrics = metricEvents(events);
  const file = { format: METRICS_FORMAT, version: 1, name, createdAt, recipe, metrics };
  return JSON.stringify(file, null, 2);
}
