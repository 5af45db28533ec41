import { describe, expect, test } from 'vitest';
import { replayRun } from '../../../src/store/history/run-record';
import { parseRecording, toRunRecord } from '../../../src/store/recordings/recording-format';
import { sampleRecording } from './synthetic-run';

/** Through JSON and back, as a file holds it. */
const viaJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('recording format', () => {
  test('a recording survives JSON and the schema unchanged', () => {
    const recording = sampleRecording();
    expect(parseRecording(viaJson(recording))).toEqual({ ok: true, recording });
  });

  test('its run record replays through the reducer to the run state', () => {
    const record = toRunRecord(sampleRecording());
    expect(record).toMatchObject({ id: 'recording-baseline', name: 'Float baseline' });
    expect(record.createdAt).toBe(Date.parse('2026-01-02T03:04:05.000Z'));
    const state = replayRun(record);
    expect(state.phase).toBe('finished');
    expect(state.step).toBe(3005);
    expect(state.testAccuracy.value.at(-1)).toBeCloseTo(0.8005, 4);
    expect(state.ptq?.points[0]?.accuracy).toBe(0.3123);
    expect(state.bnReestimate?.after).toBe(0.9568);
  });

  test.each([
    ['another format', { format: 'x' }, /format/],
    ['another version', { version: 2 }, /version/],
    ['a bad event', { events: [{ type: 'nonsense' }] }, /events\.0/],
    ['a bad recipe', { recipe: { steps: 'many' } }, /recipe/],
    ['no header', { header: undefined }, /header/],
  ])('refuses %s with a message that says where', (_, change, where) => {
    const result = parseRecording({ ...(viaJson(sampleRecording()) as object), ...change });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).toMatch(where);
  });

  test('refuses what is not an object', () => {
    expect(parseRecording(null)).toMatchObject({ ok: false });
    expect(parseRecording([1, 2])).toMatchObject({ ok: false });
  });
});
