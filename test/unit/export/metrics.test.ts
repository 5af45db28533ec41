// Metrics exports: one CSV row per metric event with flattened fields; JSON of the same events.
import { describe, expect, test } from 'vitest';
import {
  csvCell,
  flattenMetric,
  metricEvents,
  metricsCsv,
  metricsJson,
} from '../../../src/store/export/metrics';
import { sampleRecord } from '../history/fixtures';

/** Minimal RFC 4180 reader for the test: rows of cells (CRLF row ends, "" escapes a quote). */
function readCsv(text: string): string[][] {
  const cells = /("(?:[^"]|"")*"|[^,\r\n]*)(,|\r\n)/gy;
  const rows: string[][] = [[]];
  for (let match = cells.exec(text); match; match = cells.exec(text)) {
    const raw = match[1]!;
    const cell = raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw;
    rows[rows.length - 1]!.push(cell);
    if (match[2] === '\r\n') rows.push([]);
  }
  rows.pop();
  return rows;
}

describe('metrics CSV', () => {
  const record = sampleRecord();
  const rows = readCsv(metricsCsv(record.events));
  const header = rows[0]!;
  const body = rows.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]!])));

  test('one row per metric event, in stream order, led by step and type', () => {
    expect(header.slice(0, 2)).toEqual(['step', 'type']);
    expect(body).toHaveLength(metricEvents(record.events).length);
    expect(body.map((r) => r.type)).toEqual(metricEvents(record.events).map((e) => e.type));
    expect(rows.every((r) => r.length === header.length)).toBe(true);
  });

  test('fields are flattened by name and label, numbers in full precision', () => {
    const train = body.find((r) => r.type === 'train-metrics' && r.step === '30')!;
    expect(train.loss).toBe(String(2 / 30));
    expect(train['terms.kure']).toBe(String(0.1 / 30));
    expect(train['layers.conv1.kurtosis']).toBe('');
    const stats = body.find((r) => r.type === 'layer-stats')!;
    expect(stats['layers.conv1.kurtosis']).toBe('3.1');
    expect(stats['layers.dense.kind']).toBe('dense');
    const ptq = body.find((r) => r.type === 'ptq')!;
    expect(ptq['points.W4A32.accuracy']).toBe('0.8');
    expect(ptq.method).toBe('per-channel symmetric, min-max range, BN folded');
    const technique = body.find((r) => r.type === 'technique-metrics')!;
    expect(technique['layers.conv1.values.frequency']).toBe('2.1');
  });

  test('histograms, weight traces, phases and errors are not metric rows', () => {
    expect(body.some((r) => ['histogram', 'weight-trace', 'phase'].includes(r.type!))).toBe(false);
  });

  test('cells are quoted when needed and formulas are defused', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell(-1.5)).toBe('-1.5');
    expect(csvCell(undefined)).toBe('');
    expect(
      flattenMetric({ type: 'test-metrics', step: 3, testAccuracy: 0.5, testLoss: 1 }),
    ).toEqual({ testAccuracy: 0.5, testLoss: 1 });
  });

  test('an empty run gives a header line only', () => {
    expect(metricsCsv([])).toBe('step,type\r\n');
  });
});

describe('metrics JSON', () => {
  test('holds the run name, recipe and exactly the metric events', () => {
    const record = sampleRecord();
    const file = JSON.parse(metricsJson(record)) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'quantlab-metrics', version: 1, name: record.name });
    expect(file.recipe).toEqual(record.recipe);
    expect(file.metrics).toEqual(JSON.parse(JSON.stringify(metricEvents(record.events))));
  });
});
