// A sweep's files: CSV with one row per planned run and every metric, JSON that keeps NaN.
import { describe, expect, test } from 'vitest';
import { defaultRecipe } from '../../../src/settings/schema';
import { parseExact } from '../../../src/store/export/exact-json';
import {
  csvCell,
  sweepCsv,
  sweepCsvHeader,
  sweepCsvRows,
  sweepJson,
} from '../../../src/store/sweep/sweep-export';
import { newSweep, withLostRun, withResult } from '../../../src/store/sweep/sweep-state';
import { summarizeRun } from '../../../src/sweep/run-summary';
import { SWEEP_METRICS } from '../../../src/sweep/sweep-metrics';
import { runEvents } from './fake-engine-worker';

const recipe = { ...defaultRecipe(), steps: 10 };
const spec = { knob: 'ptqGranularity', values: ['per-tensor', 'per-channel'], seeds: 1 } as const;
const base = newSweep({
  id: 's',
  createdAt: 0,
  recipe,
  spec: { ...spec, values: [...spec.values], metric: 'test-acc' },
  workers: 1,
});
const [done, diverged] = base.plan;
let sweep = withResult(
  base,
  done!,
  summarizeRun(runEvents(recipe, { accuracy: () => 0.9 }), recipe),
);
sweep = withLostRun(sweep, diverged!, 'refused, "really"', true);

describe('sweep export', () => {
  test('the CSV has the knob, seed, status and every metric; missing numbers are empty', () => {
    const header = sweepCsvHeader(sweep);
    expect(header.slice(0, 5)).toEqual(['ptqg', 'value_index', 'seed_index', 'seed', 'status']);
    expect(header).toHaveLength(5 + SWEEP_METRICS.length);
    const [first, second] = sweepCsvRows(sweep);
    expect(first!.slice(0, 6)).toEqual(['per-tensor', 0, 0, 1, 'done', 0.9]);
    expect(first![header.indexOf('loss')]).toBe(0.5);
    expect(first![header.indexOf('ptq-w4')]).toBe('');
    expect(second!.slice(0, 6)).toEqual(['per-channel', 1, 0, 1, 'failed', '']);
    expect(sweepCsv(sweep).split('\r\n')).toHaveLength(4); // header, 2 rows, final newline
  });

  test('cells with commas, quotes or line breaks are quoted', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell(0.5)).toBe('0.5');
  });

  test('the JSON holds recipe, spec and each run with its summary, NaN kept', () => {
    const file = parseExact(sweepJson(sweep)) as {
      format: string;
      recipe: unknown;
      spec: unknown;
      runs: { status: string; summary: { testAccuracy: number } | null; failure?: string }[];
    };
    expect(file.format).toBe('quantlab-sweep');
    expect(file.recipe).toEqual(recipe);
    expect(file.spec).toEqual(sweep.spec);
    expect(file.runs.map((r) => r.status)).toEqual(['done', 'failed']);
    expect(file.runs[0]!.summary!.testAccuracy).toBe(0.9);
    expect(file.runs[1]).toMatchObject({ summary: null, failure: 'refused, "really"' });
  });
});
