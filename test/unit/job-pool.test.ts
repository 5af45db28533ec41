import { describe, expect, test } from 'vitest';
import { runJobPool, type PoolOptions, type PoolWorker } from '../../src/sweep/job-pool';

/** A job: its name, the group it shares work with, and whether its first try kills the worker. */
interface Job {
  name: string;
  group?: string;
  crashes?: number;
}

/** Fake workers whose runs end when the test says so (or at once with `auto`). */
function fakeWorkers(auto = true) {
  const log: string[] = [];
  const open: { job: Job; worker: number; finish(): void; crash(): void }[] = [];
  const tries = new Map<string, number>();
  let made = 0;
  const createWorker = (): PoolWorker<Job, string> => {
    const id = made++;
    let dead = false;
    return {
      run: (job) =>
        new Promise<string>((resolve, reject) => {
          const attempt = (tries.get(job.name) ?? 0) + 1;
          tries.set(job.name, attempt);
          log.push(`w${id}:${job.name}`);
          const crash = () => reject(new Error(`worker ${id} died`));
          if (dead) return crash();
          if (attempt <= (job.crashes ?? 0)) return queueMicrotask(crash);
          const finish = () => resolve(`${job.name} by w${id}`);
          if (auto) return queueMicrotask(finish);
          open.push({ job, worker: id, finish, crash });
        }),
      terminate: () => void (dead = true),
    };
  };
  return { log, open, createWorker, made: () => made };
}

/** Let pending promise callbacks run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

const jobs = (...names: string[]): Job[] => names.map((name) => ({ name }));

function options(
  workers: ReturnType<typeof fakeWorkers>,
  size: number,
  results: string[],
  extra: Partial<PoolOptions<Job, string>> = {},
): PoolOptions<Job, string> {
  return {
    size,
    createWorker: workers.createWorker,
    onResult: (_job, result) => results.push(result),
    ...extra,
  };
}

describe('runJobPool', () => {
  test('one worker runs the jobs in queue order and hands out each result', async () => {
    const workers = fakeWorkers();
    const results: string[] = [];
    const pool = runJobPool(jobs('a', 'b', 'c'), options(workers, 1, results));
    expect(await pool.done).toEqual({ cancelled: false, failed: 0 });
    expect(results).toEqual(['a by w0', 'b by w0', 'c by w0']);
    expect(workers.made()).toBe(1);
  });

  test('never starts more workers than jobs', async () => {
    const workers = fakeWorkers();
    const pool = runJobPool(jobs('a', 'b'), options(workers, 8, []));
    await pool.done;
    expect(workers.made()).toBe(2);
  });

  test('jobs of one affinity stay on one worker; a free worker takes another group', async () => {
    const workers = fakeWorkers(false);
    const results: string[] = [];
    const list: Job[] = [
      { name: 'a1', group: 'A' },
      { name: 'a2', group: 'A' },
      { name: 'b1', group: 'B' },
      { name: 'a3', group: 'A' },
      { name: 'b2', group: 'B' },
    ];
    const pool = runJobPool(list, options(workers, 2, results, { affinity: (j) => j.group! }));
    await settle();
    // w1 skips a2 (group A is w0's) and takes the first job of a group nobody holds.
    expect(workers.log).toEqual(['w0:a1', 'w1:b1']);
    workers.open.shift()!.finish(); // a1 done: w0 takes a2, the next of its group
    await settle();
    workers.open.shift()!.finish(); // b1 done: w1 takes b2
    await settle();
    expect(workers.log).toEqual(['w0:a1', 'w1:b1', 'w0:a2', 'w1:b2']);
    while (workers.open.length) {
      workers.open.shift()!.finish();
      await settle();
    }
    await pool.done;
    expect(workers.log.at(-1)).toBe('w0:a3');
    expect(results).toHaveLength(5);
  });

  test('a dead worker is replaced and its job queued again, first', async () => {
    const workers = fakeWorkers();
    const results: string[] = [];
    const crashes: [string, boolean][] = [];
    const list: Job[] = [{ name: 'a', crashes: 1 }, { name: 'b' }];
    const pool = runJobPool(
      list,
      options(workers, 1, results, {
        onCrash: (job, _error, willRetry) => crashes.push([job.name, willRetry]),
      }),
    );
    expect(await pool.done).toEqual({ cancelled: false, failed: 0 });
    expect(crashes).toEqual([['a', true]]);
    expect(workers.log).toEqual(['w0:a', 'w1:a', 'w1:b']);
    expect(results).toEqual(['a by w1', 'b by w1']);
  });

  test('a job that kills every worker is given up after maxAttempts', async () => {
    const workers = fakeWorkers();
    const results: string[] = [];
    const crashes: [string, boolean][] = [];
    const list: Job[] = [{ name: 'a', crashes: 99 }, { name: 'b' }];
    const pool = runJobPool(
      list,
      options(workers, 1, results, {
        maxAttempts: 3,
        onCrash: (job, _error, willRetry) => crashes.push([job.name, willRetry]),
      }),
    );
    expect(await pool.done).toEqual({ cancelled: false, failed: 1 });
    expect(crashes).toEqual([
      ['a', true],
      ['a', true],
      ['a', false],
    ]);
    expect(results).toEqual(['b by w3']);
  });

  test('pause starts no new job until resume; the running one still finishes', async () => {
    const workers = fakeWorkers(false);
    const results: string[] = [];
    const pool = runJobPool(jobs('a', 'b'), options(workers, 1, results));
    await settle();
    pool.pause();
    expect(pool.paused).toBe(true);
    workers.open.shift()!.finish();
    await settle();
    expect(results).toEqual(['a by w0']);
    expect(workers.log).toEqual(['w0:a']); // b waits
    pool.resume();
    await settle();
    expect(workers.log).toEqual(['w0:a', 'w0:b']);
    workers.open.shift()!.finish();
    expect(await pool.done).toEqual({ cancelled: false, failed: 0 });
    expect(results).toEqual(['a by w0', 'b by w0']);
  });

  test('cancel settles done as cancelled and hands out no further result', async () => {
    const workers = fakeWorkers(false);
    const results: string[] = [];
    const pool = runJobPool(jobs('a', 'b', 'c'), options(workers, 2, results));
    await settle();
    workers.open.shift()!.finish(); // a done before the cancel
    await settle();
    pool.cancel();
    expect(await pool.done).toEqual({ cancelled: true, failed: 0 });
    workers.open.forEach((run) => run.finish()); // late answers are dropped
    await settle();
    expect(results).toEqual(['a by w0']);
  });

  test('a paused pool can still be cancelled', async () => {
    const workers = fakeWorkers(false);
    const pool = runJobPool(jobs('a', 'b'), options(workers, 1, []));
    await settle();
    pool.pause();
    workers.open.shift()!.finish();
    await settle();
    pool.cancel();
    expect(await pool.done).toEqual({ cancelled: true, failed: 0 });
    expect(workers.log).toEqual(['w0:a']);
  });
});
