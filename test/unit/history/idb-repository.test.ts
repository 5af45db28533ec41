// The IndexedDB history (fake-indexeddb in Node): both stores written together, kept across a
// reopen (what a page reload does).
import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { openIdbRepository } from '../../../src/store/history/idb-repository';
import { summarize } from '../../../src/store/history/run-record';
import { isQuotaError } from '../../../src/store/history/run-repository';
import { sampleRecord } from './fixtures';

let dbCount = 0;
const freshName = () => `quantlab-test-${++dbCount}`;

describe('IndexedDB run repository', () => {
  test('stores, lists newest first, reads back exactly, renames and deletes', async () => {
    const repo = await openIdbRepository(freshName());
    const older = sampleRecord('a', 1000);
    const newer = { ...sampleRecord('b', 2000), name: 'second' };
    expect(await repo.put(older)).toEqual(summarize(older));
    await repo.put(newer);
    expect((await repo.list()).map((s) => s.id)).toEqual(['b', 'a']);
    const back = await repo.get('a');
    expect(back).toEqual(older);
    expect(Object.is(back!.events.find((e) => e.type === 'histogram')!.zeroPoint, -0)).toBe(true);

    expect(await repo.rename('a', 'renamed')).toBe(true);
    expect(await repo.rename('missing', 'x')).toBe(false);
    expect((await repo.get('a'))!.name).toBe('renamed');
    expect((await repo.list()).find((s) => s.id === 'a')!.name).toBe('renamed');

    await repo.remove('b');
    expect((await repo.list()).map((s) => s.id)).toEqual(['a']);
    expect(await repo.get('b')).toBeNull();
  });

  test('survives closing and reopening the database (a page reload)', async () => {
    const name = freshName();
    const first = await openIdbRepository(name);
    await first.put(sampleRecord('kept', 5));
    const second = await openIdbRepository(name);
    expect((await second.list()).map((s) => s.id)).toEqual(['kept']);
    expect(await second.get('kept')).toEqual(sampleRecord('kept', 5));
  });

  test('a summary holds the final test accuracy, last step and phase', () => {
    expect(summarize(sampleRecord())).toMatchObject({
      finalTestAccuracy: 0.875,
      step: 40,
      phase: 'finished',
    });
  });

  test('quota errors are recognised by name or legacy code', () => {
    expect(isQuotaError(new DOMException('full', 'QuotaExceededError'))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new DOMException('aborted', 'AbortError'))).toBe(false);
    expect(isQuotaError('QuotaExceededError')).toBe(false);
  });
});
