// The sweeps' IndexedDB archive (fake-indexeddb in Node): the last sweep and its runs survive a
// reopen (what a reload does), stale runs go when a new sweep starts, and memory stands in.
import 'fake-indexeddb/auto';
import { describe, expect, test } from 'vitest';
import { defaultRecipe } from '../../../src/settings/schema';
import {
  createMemoryArchive,
  openSweepArchive,
  type StoredSweep,
  type SweepArchive,
} from '../../../src/store/sweep/sweep-archive';
import { summarizeRun } from '../../../src/sweep/run-summary';
import { runEvents } from './fake-engine-worker';

const recipe = { ...defaultRecipe(), steps: 3 };
const events = runEvents(recipe);
const summary = summarizeRun(events, recipe);
const sweep: StoredSweep = {
  id: 's1',
  createdAt: 5,
  recipe,
  spec: { knob: 'learningRate', values: [0.01], seeds: 1, metric: 'test-acc' },
};
let dbCount = 0;

async function roundTrip(open: () => Promise<SweepArchive>) {
  const archive = await open();
  expect(await archive.loadLast()).toBeNull();
  await archive.saveSweep(sweep, ['a', 'b']);
  await archive.saveRun('a', summary, events);
  await archive.saveRun('b', { ...summary, diverged: 'NaN' }, events);
  const reopened = await open();
  const last = await reopened.loadLast();
  expect(last?.sweep).toEqual(sweep);
  expect(Object.keys(last!.results).sort()).toEqual(['a', 'b']);
  expect(last!.results['a']).toEqual(summary);
  expect(await reopened.runEvents('a')).toEqual(events);
  // A new sweep keeps only the runs it shares.
  await reopened.saveSweep({ ...sweep, id: 's2' }, ['b', 'c']);
  const next = await (await open()).loadLast();
  expect(next?.sweep.id).toBe('s2');
  expect(Object.keys(next!.results)).toEqual(['b']);
  expect(await reopened.runEvents('a')).toBeNull();
}

describe('sweep archive', () => {
  test('IndexedDB keeps the last sweep and its runs across a reopen', async () => {
    const name = `quantlab-sweeps-test-${++dbCount}`;
    await roundTrip(() => openSweepArchive(name));
  });

  test('the memory archive behaves the same within a page', async () => {
    const archive = createMemoryArchive();
    await roundTrip(async () => archive);
  });
});
