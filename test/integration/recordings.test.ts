import { readFile } from 'node:fs/promises';
import { afterAll, describe, expect, test } from 'vitest';
import { createRecordEngine } from '../../scripts/lib/record-engine';
import { recordingFileName } from '../../scripts/lib/record-files';
import { recordPreset } from '../../scripts/lib/record-preset';
import type { EngineEvent } from '../../src/engine/protocol';
import { PRESETS, findPreset, presetRecipe } from '../../src/settings/presets';
import { replayRun } from '../../src/store/history/run-record';
import { decodeRecording } from '../../src/store/recordings/decode-recording';

/** Run steps re-recorded: a multiple of the baseline's metrics stride, so the prefix ends on it. */
const PREFIX_STEPS = 30;

/** All recordings together must stay below this many bytes (they ship with the site). */
const BUDGET_BYTES = 2 * 1024 * 1024;

const storedUrl = (presetId: string) =>
  new URL(`../../public/recordings/${recordingFileName(presetId)}`, import.meta.url);

/** The stored recording of `presetId`, read as the lab reads it; its size in bytes. */
async function readStored(presetId: string) {
  const bytes = await readFile(storedUrl(presetId));
  const result = await decodeRecording(new Uint8Array(bytes).buffer);
  if (!result.ok) throw new Error(`${presetId}: ${result.error}`);
  return { ...result, bytes: bytes.length };
}

/**
 * The part of a recording a prefix must reproduce: every event before run step `end` but the
 * phases (their messages can name times), without the clock's steps per second.
 */
function before(events: readonly EngineEvent[], end: number): unknown[] {
  return events
    .filter((e) => e.type !== 'phase' && (('step' in e ? e.step : undefined) ?? -1) < end)
    .map((e) => {
      if (e.type !== 'train-metrics') return e;
      const { stepsPerSecond, ...rest } = e;
      void stepsPerSecond;
      return rest;
    });
}

describe('the stored preset recordings cannot drift from the engine', () => {
  const engine = createRecordEngine();
  afterAll(() => engine.destroy());

  test(`baseline: a fresh ${PREFIX_STEPS}-step recording equals the stored file's prefix`, async () => {
    const stored = await readStored('baseline');
    const preset = findPreset('baseline')!;
    const fresh = await recordPreset(engine, preset, { steps: PREFIX_STEPS });

    expect(stored.recording.recipe).toEqual(presetRecipe(preset));
    expect(fresh.header.thinning).toEqual(stored.recording.header.thinning);
    expect(stored.recording.header.steps).toBe(stored.recording.header.fullSteps);
    const expected = before(stored.recording.events, PREFIX_STEPS);
    expect(expected.length).toBeGreaterThan(4);
    // Through JSON, as the file holds them (-0 is written as 0).
    expect(JSON.parse(JSON.stringify(before(fresh.events, PREFIX_STEPS)))).toEqual(expected);
  });

  test('every preset has a whole recording of its current recipe, within the budget', async () => {
    let total = 0;
    for (const preset of PRESETS) {
      const { recording, record, bytes } = await readStored(preset.id);
      total += bytes;
      // A changed preset needs a new recording: npm run record-presets -- --only <id>.
      expect(recording.recipe, preset.id).toEqual(presetRecipe(preset));
      expect(recording.header.steps, preset.id).toBe(recording.header.fullSteps);
      const state = replayRun(record);
      expect(state.phase, preset.id).toBe('finished');
      expect(state.step, preset.id).toBe(recording.header.fullSteps);
      expect(state.testAccuracy.value.length, preset.id).toBeGreaterThan(1);
    }
    expect(total).toBeLessThan(BUDGET_BYTES);
  });
});
