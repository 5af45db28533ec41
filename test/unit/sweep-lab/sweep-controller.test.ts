// The lab's sweep controller with fake engine workers: a sweep runs to the end and is recorded
// run by run; a reload restores it and trains only the missing runs; divergences and refusals
// are counted and the sweep goes on; a full or missing storage is said plainly, nothing lost.
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../../src/engine/protocol';
import { defaultRecipe } from '../../../src/settings/schema';
import { useLab } from '../../../src/store/lab-store';
import { createMemoryArchive, type SweepArchive } from '../../../src/store/sweep/sweep-archive';
import { createSweepController } from '../../../src/store/sweep/sweep-controller';
import { defaultDraft } from '../../../src/store/sweep/sweep-draft';
import { SWEEP_STORAGE_FULL } from '../../../src/store/sweep/sweep-keeper';
import { sweepCounts } from '../../../src/store/sweep/sweep-state';
import { useSweep, type SweepStoreState } from '../../../src/store/sweep/sweep-store';
import { FakeEngineWorker, type FakeBehaviour } from './fake-engine-worker';

const recipe = { ...defaultRecipe(), steps: 5 };

/** Resolve once the sweep store satisfies `ready`. */
const waitFor = (ready: (s: SweepStoreState) => boolean) =>
  new Promise<SweepStoreState>((resolve) => {
    if (ready(useSweep.getState())) return resolve(useSweep.getState());
    const stop = useSweep.subscribe((s) => {
      if (!ready(s)) return;
      stop();
      resolve(s);
    });
  });
const status = (s: string) => (state: SweepStoreState) => state.sweep?.status === s;

/** A controller over fake workers; `starts` counts the runs the workers were asked to train. */
function controller(archive: Promise<SweepArchive>, behaviour: FakeBehaviour = {}) {
  const counter = { starts: 0 };
  const sweeps = createSweepController({
    createWorker: () => {
      const worker = new FakeEngineWorker(behaviour);
      const post = worker.postMessage.bind(worker);
      worker.postMessage = (command) => {
        if (command.type === 'start') counter.starts++;
        post(command);
      };
      return worker;
    },
    archive,
    defaultWorkers: () => 2,
  });
  return { sweeps, counter };
}

beforeEach(() => {
  useLab.getState().replaceRecipe(recipe);
  const draft = { ...defaultDraft(), valuesText: '0.001, 0.01', seeds: '2' };
  useSweep.setState({ draft, sweep: null, storage: { status: 'loading', message: null } });
});
afterEach(() => useSweep.setState({ sweep: null }));

describe('sweep controller', () => {
  test('runs the sweep, records every run, and a reload restores it without training', async () => {
    const archive = createMemoryArchive();
    const first = controller(Promise.resolve(archive));
    expect(first.sweeps.start()).toBe(true);
    const done = await waitFor(status('done'));
    expect(sweepCounts(done.sweep!)).toMatchObject({ total: 4, done: 4, failed: 0 });
    expect(done.storage.status).toBe('ready');
    const key = done.sweep!.plan[1]!.key;
    const record = await first.sweeps.runRecord(key);
    expect(record?.recipe).toEqual(done.sweep!.plan[1]!.recipe);
    expect(record?.events.at(-1)).toMatchObject({ type: 'phase', phase: 'finished' });

    useSweep.setState({ sweep: null });
    const reloaded = controller(Promise.resolve(archive));
    const restored = await waitFor((s) => s.sweep !== null);
    expect(restored.sweep!.status).toBe('done');
    expect(sweepCounts(restored.sweep!).done).toBe(4);
    expect(reloaded.counter.starts).toBe(0);
    // Starting the same sweep again reuses every result.
    expect(reloaded.sweeps.start()).toBe(true);
    expect(useSweep.getState().sweep!.status).toBe('done');
    expect(reloaded.counter.starts).toBe(0);
  });

  test('a sweep stopped half way resumes with only its missing runs', async () => {
    const archive = createMemoryArchive();
    const first = controller(Promise.resolve(archive));
    first.sweeps.start();
    await waitFor((s) => (s.sweep ? sweepCounts(s.sweep).done >= 2 : false));
    first.sweeps.cancel();
    const kept = sweepCounts(useSweep.getState().sweep!).done;
    expect(useSweep.getState().sweep!.status).toBe('cancelled');

    useSweep.setState({ sweep: null });
    const reloaded = controller(Promise.resolve(archive));
    const restored = await waitFor((s) => s.sweep !== null);
    expect(restored.sweep!.status).toBe('paused');
    reloaded.sweeps.resume();
    await waitFor(status('done'));
    expect(reloaded.counter.starts).toBe(4 - kept);
  });

  test('a diverged run is a result and an engine refusal a failure; the sweep goes on', async () => {
    const { sweeps } = controller(Promise.resolve(createMemoryArchive()), {
      diverges: (r) => r.learningRate === 0.01 && r.seed === 1,
      refuses: (r) => r.learningRate === 0.001 && r.seed === 2,
    });
    sweeps.start();
    const done = await waitFor(status('done'));
    expect(sweepCounts(done.sweep!)).toMatchObject({ done: 3, diverged: 1, failed: 1 });
    expect(done.sweep!.notice).toMatch(/seed 2 failed: rejected: settings conflict/);
  });

  test('a form with a problem does not start', () => {
    useSweep.setState({ draft: { ...defaultDraft(), valuesText: '' } });
    const { sweeps, counter } = controller(Promise.resolve(createMemoryArchive()));
    expect(sweeps.start()).toBe(false);
    expect(useSweep.getState().sweep).toBeNull();
    expect(counter.starts).toBe(0);
  });

  test('full storage is said plainly; results stay, and runs still open', async () => {
    const memory = createMemoryArchive();
    const full: SweepArchive = {
      ...memory,
      saveRun: async () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
    };
    const { sweeps } = controller(Promise.resolve(full));
    sweeps.start();
    const done = await waitFor(status('done'));
    await waitFor((s) => s.storage.status === 'full');
    expect(useSweep.getState().storage.message).toBe(SWEEP_STORAGE_FULL);
    expect(sweepCounts(done.sweep!).done).toBe(4);
    const events: EngineEvent[] | undefined = (await sweeps.runRecord(done.sweep!.plan[0]!.key))
      ?.events;
    expect(events?.length).toBeGreaterThan(0);
  });

  test('without IndexedDB the sweep runs in memory and says so', async () => {
    const { sweeps } = controller(Promise.reject(new Error('IndexedDB is not available')));
    sweeps.start();
    await waitFor(status('done'));
    const { storage } = await waitFor((s) => s.storage.status === 'memory');
    expect(storage.message).toMatch(/cannot be stored in this browser \(IndexedDB is not/);
  });
});
