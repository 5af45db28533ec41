// The run history store: autosave, rename, delete, import, and a full quota that loses nothing.
import { describe, expect, test } from 'vitest';
import { serializeRun } from '../../../src/store/export/run-file';
import { createMemoryRepository } from '../../../src/store/history/memory-repository';
import type { RunRecord } from '../../../src/store/history/run-record';
import type { RunRepository } from '../../../src/store/history/run-repository';
import {
  AUTOSAVE_MS,
  MAX_IMPORT_BYTES,
  RunHistory,
  STORAGE_FULL,
} from '../../../src/store/history/run-history';
import { sampleRecord } from './fixtures';

/** A history over `repo` with a clock the test moves. */
function setup(repo: RunRepository = createMemoryRepository()) {
  const clock = { now: 1_700_000_000_000 };
  const history = new RunHistory(Promise.resolve(repo), { now: () => clock.now });
  return { history, repo, clock, state: () => history.getSnapshot() };
}

const size = (record: RunRecord) => JSON.stringify(record).length;

/** A recording of `record`, counting how often its record is built. */
function draft(record: RunRecord) {
  const built = { count: 0 };
  const run = {
    id: record.id,
    createdAt: record.createdAt,
    snapshot: () => {
      built.count++;
      return record;
    },
  };
  return Object.assign(run, { built });
}

describe('RunHistory', () => {
  test('loads the stored runs, then stores settled runs newest first', async () => {
    const repo = createMemoryRepository();
    await repo.put(sampleRecord('old', 1));
    const { history, state } = setup(repo);
    const seen: string[] = [];
    history.subscribe(() => seen.push(state().status));
    await history.save(sampleRecord('new', 2));
    expect(state().status).toBe('ready');
    expect(state().runs.map((r) => r.id)).toEqual(['new', 'old']);
    expect(seen[0]).toBe('ready');
  });

  test('autosave stores a training run at most every AUTOSAVE_MS, a settled one at once', async () => {
    const { history, repo, clock } = setup();
    const live = draft(sampleRecord('live', clock.now));
    await history.autosave(live, false);
    expect(live.built.count).toBe(0); // not due: the record is not even built
    expect(await repo.list()).toEqual([]);
    clock.now += AUTOSAVE_MS;
    await history.autosave(live, false);
    expect(await repo.list()).toHaveLength(1);
    await history.autosave(live, false);
    expect(live.built.count).toBe(1);
    const shorter = { ...sampleRecord('live'), events: sampleRecord().events.slice(0, 5) };
    await history.autosave(draft(shorter), true);
    expect((await repo.get('live'))!.events).toHaveLength(5);
    await history.autosave(draft({ ...sampleRecord('empty'), events: [] }), true);
    expect((await repo.list()).map((r) => r.id)).toEqual(['live']);
  });

  test('a renamed run keeps its name when it is stored again; a deleted one stays deleted', async () => {
    const { history, repo, state } = setup();
    const record = sampleRecord('r');
    await history.save(record);
    await history.rename('r', '  my run  ');
    await history.save(record);
    expect((await repo.get('r'))!.name).toBe('my run');
    expect(state().notice).toBe('Renamed to “my run”.');
    await history.rename('r', '   ');
    expect((await repo.get('r'))!.name).toBe('my run');
    await history.remove('r');
    await history.autosave(draft(record), true);
    expect(await repo.list()).toEqual([]);
    expect(state().runs).toEqual([]);
  });

  test('a full quota tells the user, keeps every older run and the new one in memory', async () => {
    const old = sampleRecord('old', 1);
    const repo = createMemoryRepository({ quotaChars: size(old) + 100 });
    await repo.put(old);
    const { history, state } = setup(repo);
    const fresh = sampleRecord('fresh', 2);
    await history.autosave(draft(fresh), true);
    expect(state().alert).toContain(STORAGE_FULL);
    expect(state().unsaved).toEqual(fresh);
    expect((await repo.list()).map((r) => r.id)).toEqual(['old']);
    expect(await repo.get('old')).toEqual(old);
    expect(await history.get('fresh')).toEqual(fresh);

    // Once the user makes room, the next store succeeds and the warning goes.
    await history.remove('old');
    await history.autosave(draft(fresh), true);
    expect(state().alert).toBeNull();
    expect(state().unsaved).toBeNull();
    expect((await repo.list()).map((r) => r.id)).toEqual(['fresh']);
  });

  test('import stores a valid run file under a new id and says so', async () => {
    const { history, repo, state } = setup();
    const record = sampleRecord('original');
    expect(await history.importText(serializeRun(record))).toBe(true);
    const [summary] = await repo.list();
    expect(summary!.id).not.toBe('original');
    expect(await repo.get(summary!.id)).toEqual({ ...record, id: summary!.id });
    expect(state().notice).toBe(`Imported “${record.name}”.`);
  });

  test.each([
    ['not JSON', 'hello', /not JSON/],
    ['corrupt JSON', '{"format": "quantlab-run", "version": 1, "na', /not valid JSON/],
    ['not a run file', '{"format": "something-else"}', /not a QuantLab run file/],
    ['a newer version', JSON.stringify({ format: 'quantlab-run', version: 9 }), /newer QuantLab/],
  ])('import refuses %s with an alert and stores nothing', async (_what, text, message) => {
    const { history, repo, state } = setup();
    expect(await history.importText(text)).toBe(false);
    expect(state().alert).toMatch(/^Import refused: /);
    expect(state().alert).toMatch(message);
    expect(await repo.list()).toEqual([]);
  });

  test('an import that does not fit stores nothing and says storage is full', async () => {
    const { history, repo, state } = setup(createMemoryRepository({ quotaChars: 10 }));
    expect(await history.importText(serializeRun(sampleRecord()))).toBe(false);
    expect(state().alert).toBe(`${STORAGE_FULL} The imported run was not stored.`);
    expect(await repo.list()).toEqual([]);
  });

  test('importFile refuses a huge file unread, and reports a file it cannot read', async () => {
    const { history, repo, state } = setup();
    const huge = { size: MAX_IMPORT_BYTES + 1, text: () => Promise.reject(new Error('unread')) };
    expect(await history.importFile(huge)).toBe(false);
    expect(state().alert).toMatch(/larger than 256 MB/);
    const broken = { size: 10, text: () => Promise.reject(new Error('NotReadableError')) };
    expect(await history.importFile(broken)).toBe(false);
    expect(state().alert).toMatch(/could not be read/);
    const good = new Blob([serializeRun(sampleRecord())]);
    expect(await history.importFile(good)).toBe(true);
    expect(await repo.list()).toHaveLength(1);
  });

  test('blocked storage falls back to memory and says runs last until reload', async () => {
    const history = new RunHistory(Promise.reject(new Error('SecurityError')));
    await history.save(sampleRecord('m'));
    expect(history.getSnapshot().status).toBe('memory');
    expect(history.getSnapshot().alert).toMatch(/cannot be stored in this browser/);
    expect(history.getSnapshot().runs.map((r) => r.id)).toEqual(['m']);
  });

  test('an unexpected storage error becomes an alert, not a rejection', async () => {
    const repo = createMemoryRepository();
    repo.put = () => Promise.reject(new Error('disk on fire'));
    const { history, state } = setup(repo);
    await expect(history.save(sampleRecord())).resolves.toBeUndefined();
    expect(state().alert).toBe('Could not store the run: disk on fire');
  });
});
