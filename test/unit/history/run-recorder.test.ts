// The recorder keeps exactly what the store applied: replaying a recording rebuilds the run state.
import { describe, expect, test, vi } from 'vitest';
import type { EngineEvent } from '../../../src/engine/protocol';
import { defaultRecipe } from '../../../src/settings/schema';
import { replayRun, type RunDraft } from '../../../src/store/history/run-record';
import { RunRecorder } from '../../../src/store/run-recorder';
import { FakeStore, PROBE, RECIPE, runEvents } from './fixtures';

/** Feed `events` to the store and the recorder alike, as the bridge does. */
function feed(store: FakeStore, recorder: RunRecorder, events: EngineEvent[]): void {
  for (const event of events) {
    store.apply(event);
    recorder.record(event);
  }
}

describe('RunRecorder', () => {
  test('replaying the recording equals the store state, engine facts from before Start included', () => {
    const store = new FakeStore();
    const recorder = new RunRecorder({ now: () => 1234 });
    feed(store, recorder, PROBE);
    store.beginRun(RECIPE);
    recorder.begin(RECIPE);
    feed(store, recorder, runEvents());
    const record = recorder.snapshot()!;
    expect(record).toMatchObject({ createdAt: 1234, recipe: RECIPE, name: expect.any(String) });
    expect(replayRun(record)).toEqual(store.run);
    expect(Object.is(replayRun(record).histogram!.zeroPoint, -0)).toBe(true);
  });

  test('a second run, after a reset, starts from the facts and the metrics of its own', () => {
    const store = new FakeStore();
    const recorder = new RunRecorder();
    feed(store, recorder, PROBE);
    store.beginRun(RECIPE);
    recorder.begin(RECIPE);
    feed(store, recorder, runEvents());
    store.clearRun();
    recorder.discard();
    expect(recorder.snapshot()).toBeNull();
    feed(store, recorder, [{ type: 'phase', phase: 'idle', message: 'Reset: ready to train.' }]);
    const second = { ...defaultRecipe(), steps: 20 };
    store.beginRun(second);
    recorder.begin(second);
    feed(store, recorder, runEvents().slice(0, 9));
    expect(replayRun(recorder.snapshot()!)).toEqual(store.run);
  });

  test('a resumed run (no new begin) keeps recording into the same run', () => {
    const store = new FakeStore();
    const recorder = new RunRecorder();
    store.beginRun(RECIPE);
    recorder.begin(RECIPE);
    const events = runEvents();
    feed(store, recorder, events.slice(0, 10));
    feed(store, recorder, [{ type: 'phase', phase: 'paused', message: 'Paused.' }]);
    feed(store, recorder, events.slice(10));
    expect(replayRun(recorder.snapshot()!)).toEqual(store.run);
  });

  test('keeps only the last of each latest-value event, and every metric event', () => {
    const recorder = new RunRecorder();
    recorder.begin(RECIPE);
    runEvents().forEach((e) => recorder.record(e));
    const types = recorder.snapshot()!.events.map((e) => e.type);
    expect(types.filter((t) => t === 'histogram')).toHaveLength(1);
    expect(types.filter((t) => t === 'phase')).toHaveLength(1);
    expect(types.filter((t) => t === 'train-metrics')).toHaveLength(4);
    expect(types.filter((t) => t === 'weight-trace')).toHaveLength(4);
  });

  test('ignores events before the first begin and events that are not run events', () => {
    const onChange = vi.fn();
    const recorder = new RunRecorder({ onChange });
    recorder.record(runEvents()[1]!);
    expect(recorder.snapshot()).toBeNull();
    recorder.begin(RECIPE);
    recorder.record({ type: 'weights', bits: 4 } as unknown as EngineEvent);
    expect(recorder.snapshot()!.events).toEqual([]);
    expect(onChange).not.toHaveBeenCalled();
  });

  test('reports each change, settled once the run is at rest', () => {
    const onChange = vi.fn();
    const recorder = new RunRecorder({ onChange });
    recorder.begin(RECIPE);
    const events = runEvents();
    events.forEach((e) => recorder.record(e));
    const settled = onChange.mock.calls.map((call) => call[1] as boolean);
    expect(settled.slice(0, -2).every((s) => !s)).toBe(true);
    expect(settled.slice(-2)).toEqual([true, true]);
    expect(onChange).toHaveBeenCalledTimes(events.length);
    const last = onChange.mock.calls.at(-1)![0] as RunDraft;
    expect(last.snapshot()).toEqual(recorder.snapshot());
    expect(last.id).toBe(recorder.snapshot()!.id);
  });
});
