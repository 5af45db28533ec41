// A two-stage run's stage boundaries reach the store, the recording, the history and run files;
// runs stored before stages existed still load, with none.
import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../../src/engine/protocol';
import { parseRunFile, serializeRun } from '../../../src/store/export/run-file';
import { replayRun } from '../../../src/store/history/run-record';
import { RunRecorder } from '../../../src/store/run-recorder';
import { FakeStore, PROBE, RECIPE, runEvents, sampleRecord } from './fixtures';

const STAGES: EngineEvent[] = [
  { type: 'stage', step: 0, stage: 'pretrain', steps: 20 },
  { type: 'stage', step: 20, stage: 'fine-tune', steps: 20 },
];

/** runEvents() as a two-stage run: stage 1 up to step 20, stage 2 from there. */
function twoStageEvents(): EngineEvent[] {
  const events = runEvents();
  const boundary = events.findIndex((e) => e.type === 'test-metrics' && e.step === 20) + 1;
  return [
    events[0]!,
    STAGES[0]!,
    ...events.slice(1, boundary),
    STAGES[1]!,
    ...events.slice(boundary),
  ];
}

describe('stage boundaries in the store and the history', () => {
  test('the reducer keeps each stage in order; a new run starts with none', () => {
    const store = new FakeStore();
    twoStageEvents().forEach((e) => store.apply(e));
    expect(store.run.stages).toEqual(STAGES);
    store.beginRun(RECIPE);
    expect(store.run.stages).toEqual([]);
  });

  test('a recorded two-stage run replays with its stages, and a run file keeps them', () => {
    const store = new FakeStore();
    const recorder = new RunRecorder({ now: () => 1 });
    const recipe = { ...RECIPE, pretrainSteps: 20, steps: 20 };
    store.beginRun(recipe);
    recorder.begin(recipe);
    for (const event of [...PROBE, ...twoStageEvents()]) {
      store.apply(event);
      recorder.record(event);
    }
    const record = recorder.snapshot()!;
    expect(replayRun(record)).toEqual(store.run);
    const parsed = parseRunFile(serializeRun(record));
    expect(parsed.ok && replayRun(parsed.run).stages).toEqual(STAGES);
  });

  test('a run stored before stages existed loads with none', () => {
    const parsed = parseRunFile(serializeRun(sampleRecord()));
    expect(parsed.ok && replayRun(parsed.run).stages).toEqual([]);
    expect(replayRun(sampleRecord()).stages).toEqual([]);
  });
});
