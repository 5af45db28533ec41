/**
 * A pool of workers that runs queued jobs, one per worker at a time: the sweep runner in the lab
 * (Web Workers) and headless (child processes) and `npm run paper-check` share it. A worker whose
 * run fails (it crashed) is replaced and its job goes back to the head of the queue; finished
 * results are handed out at once, so a crash, a pause or a cancel never loses them.
 */

/** One worker: runs one job at a time; `run` rejects when the worker died during the job. */
export interface PoolWorker<J, R> {
  run(job: J): Promise<R>;
  /** Pause and resume the job in progress (optional: without them a pause waits for it). */
  pause?(): void;
  resume?(): void;
  terminate(): void;
}

export interface PoolOptions<J, R> {
  /** Workers at once (at least 1; never more than there are jobs). */
  size: number;
  createWorker(): PoolWorker<J, R>;
  /**
   * Jobs with the same affinity prefer the worker that ran one before (e.g. runs sharing a float
   * pretraining reuse its cache), and a free worker first takes a job whose affinity no other
   * worker holds; otherwise the queue's order holds.
   */
  affinity?(job: J): string;
  /** Tries per job before it is given up (a job that kills every worker must not loop). */
  maxAttempts?: number;
  onStart?(job: J, slot: number): void;
  onResult(job: J, result: R): void;
  /** The worker died during `job`; it is re-queued unless `willRetry` is false. */
  onCrash?(job: J, error: Error, willRetry: boolean): void;
}

export interface JobPool {
  /** Start no new job and pause the running ones. */
  pause(): void;
  resume(): void;
  /** Stop every worker; unfinished jobs are dropped (finished results were already handed out). */
  cancel(): void;
  readonly paused: boolean;
  /** Settles when every job has a result or was given up, or on cancel. */
  readonly done: Promise<{ cancelled: boolean; failed: number }>;
}

const DEFAULT_ATTEMPTS = 2;

/** Run `jobs` in order on up to `options.size` workers. */
export function runJobPool<J, R>(jobs: readonly J[], options: PoolOptions<J, R>): JobPool {
  const queue = jobs.map((job) => ({ job, attempts: 0 }));
  const workers: (PoolWorker<J, R> | null)[] = [];
  const maxAttempts = options.maxAttempts ?? DEFAULT_ATTEMPTS;
  let paused = false;
  let cancelled = false;
  let failed = 0;
  let wake: (() => void)[] = [];
  const waitForResume = () => new Promise<void>((resolve) => wake.push(resolve));
  let cancel!: () => void;
  const cancelledSignal = new Promise<'cancelled'>(
    (resolve) => (cancel = () => resolve('cancelled')),
  );

  /** The affinity each worker holds (that of its last job), so a group stays on one worker. */
  const held: (string | null)[] = [];

  /**
   * The next job for the worker in `slot` that last ran `last`: one of the same affinity first,
   * else the first whose affinity no other worker holds (it would redo that group's shared work),
   * else the head.
   */
  const take = (slot: number, last: string | null) => {
    const affinity = options.affinity;
    if (!affinity) return queue.shift();
    let i = last === null ? -1 : queue.findIndex((q) => affinity(q.job) === last);
    if (i < 0) {
      i = queue.findIndex((q) => !held.some((h, s) => s !== slot && h === affinity(q.job)));
    }
    return queue.splice(Math.max(i, 0), 1)[0];
  };

  async function drain(slot: number): Promise<void> {
    let last: string | null = null;
    while (!cancelled) {
      if (paused) {
        await Promise.race([waitForResume(), cancelledSignal]);
        continue;
      }
      const next = take(slot, last);
      if (!next) break;
      const worker = (workers[slot] ??= options.createWorker());
      options.onStart?.(next.job, slot);
      last = held[slot] = options.affinity?.(next.job) ?? null;
      try {
        const result = await Promise.race([worker.run(next.job), cancelledSignal]);
        if (result === 'cancelled') return;
        options.onResult(next.job, result as R);
      } catch (error) {
        if (cancelled) return;
        worker.terminate();
        workers[slot] = null;
        last = held[slot] = null;
        next.attempts++;
        const willRetry = next.attempts < maxAttempts;
        if (willRetry) queue.unshift(next);
        else failed++;
        options.onCrash?.(
          next.job,
          error instanceof Error ? error : new Error(String(error)),
          willRetry,
        );
      }
    }
    held[slot] = null;
  }

  const size = Math.max(1, Math.min(options.size, jobs.length));
  const done = Promise.all(Array.from({ length: size }, (_, slot) => drain(slot))).then(() => {
    workers.forEach((w) => w?.terminate());
    return { cancelled, failed };
  });
  return {
    get paused() {
      return paused;
    },
    done,
    pause() {
      paused = true;
      workers.forEach((w) => w?.pause?.());
    },
    resume() {
      paused = false;
      workers.forEach((w) => w?.resume?.());
      const waiting = wake;
      wake = [];
      waiting.forEach((resolve) => resolve());
    },
    cancel() {
      cancelled = true;
      cancel();
      workers.forEach((w) => w?.terminate());
    },
  };
}
