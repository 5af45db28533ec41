// Run files: export -> import is exact, and a bad file is refused with a plain message.
import { describe, expect, test } from 'vitest';
import { defaultRecipe } from '../../../src/settings/schema';
import { stringifyExact, parseExact } from '../../../src/store/export/exact-json';
import {
  fromRunExport,
  parseRunFile,
  RUN_FORMAT_VERSION,
  serializeRun,
  toRunExport,
} from '../../../src/store/export/run-file';
import { replayRun } from '../../../src/store/history/run-record';
import { sampleRecord } from '../history/fixtures';

/** The refusal message of `text` (fails the test when it is accepted). */
function refusal(text: string): string {
  const result = parseRunFile(text);
  if (result.ok) throw new Error('expected the file to be refused');
  return result.message;
}

describe('run file round trip', () => {
  test('export then import gives the identical record and the identical run state', () => {
    const record = sampleRecord();
    const result = parseRunFile(serializeRun(record));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.run).toEqual(toRunExport(record));
    const imported = fromRunExport(result.run, record.id);
    expect(imported).toEqual(record);
    expect(replayRun(imported)).toEqual(replayRun(record));
  });

  test('the file names its format and version', () => {
    const file = JSON.parse(serializeRun(sampleRecord())) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'quantlab-run', version: RUN_FORMAT_VERSION });
    expect(file).not.toHaveProperty('id');
  });

  test('exact JSON keeps -0, NaN and the infinities; plain numbers stay plain', () => {
    const value = { a: [-0, 0, NaN, Infinity, -Infinity, 1.5e-300], b: { $number: 'x' } };
    const text = stringifyExact(value);
    expect(text).toContain('1.5e-300');
    const back = parseExact(text) as typeof value;
    expect(Object.is(back.a[0], -0)).toBe(true);
    expect(back).toEqual(value);
  });

  test('settings missing from an older file take their defaults', () => {
    const file = JSON.parse(serializeRun(sampleRecord())) as { recipe: Record<string, unknown> };
    delete file.recipe.histBits;
    const result = parseRunFile(JSON.stringify(file));
    expect(result.ok && result.run.recipe.histBits).toBe(defaultRecipe().histBits);
  });
});

describe('a bad file is refused with a clear message', () => {
  test('not JSON at all', () => {
    expect(refusal('step,loss\n1,2\n')).toMatch(/not JSON/);
    expect(refusal('\u0089PNG\r\n')).toMatch(/not JSON/);
    expect(refusal('   ')).toMatch(/empty/);
  });

  test('corrupt JSON (a truncated download)', () => {
    const text = serializeRun(sampleRecord());
    expect(refusal(text.slice(0, text.length / 2))).toMatch(/damaged: it is not valid JSON/);
  });

  test('JSON that is not a run file', () => {
    expect(refusal('{"hello": 1}')).toMatch(/not a QuantLab run file/);
    expect(refusal('[1, 2, 3]')).toMatch(/not a QuantLab run file/);
    expect(refusal('{"format": "quantlab-metrics", "version": 1}')).toMatch(
      /This is a metrics export, not a run file/,
    );
  });

  test('a run file from a newer version, or with no valid version', () => {
    const file = { ...toRunExport(sampleRecord()), version: RUN_FORMAT_VERSION + 1 };
    expect(refusal(JSON.stringify(file))).toMatch(
      /newer QuantLab \(file version 2; this page reads version 1\)/,
    );
    expect(refusal(JSON.stringify({ ...file, version: '1' }))).toMatch(/no valid version/);
    expect(refusal(JSON.stringify({ ...file, version: 0.5 }))).toMatch(/no valid version/);
  });

  test('a run file whose content is damaged names where', () => {
    const file = toRunExport(sampleRecord());
    const badEvent = { ...file, events: [...file.events, { type: 'test-metrics', step: 'x' }] };
    expect(refusal(JSON.stringify(badEvent))).toMatch(/damaged at events\.\d+/);
    const badRecipe = { ...file, recipe: { ...file.recipe, model: 'gpt-5' } };
    expect(refusal(JSON.stringify(badRecipe))).toMatch(/damaged at recipe\.model/);
    const noEvents = { ...file, events: undefined };
    expect(refusal(JSON.stringify(noEvents))).toMatch(/damaged at events/);
    const weights = { ...file, events: [{ type: 'weights' }] };
    expect(refusal(JSON.stringify(weights))).toMatch(/damaged at events\.0/);
  });
});
