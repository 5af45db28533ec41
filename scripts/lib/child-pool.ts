/**
 * Job-pool workers backed by child processes: the parent starts a script with `--worker` and
 * sends it one job per line of JSON on its stdin; the child answers each on its stdout with a
 * line that starts with a marker. Any other stdout line of the child (a library's notice) is
 * passed to stderr, never read as an answer. A child that exits during a job rejects the job's
 * `run`, so the pool (src/sweep/job-pool.ts) replaces it and queues the job again.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { PoolWorker } from '../../src/sweep/job-pool';

/** How jobs and answers become one line of text and back. */
export interface LineCodec {
  stringify(value: unknown): string;
  parse(text: string): unknown;
}

/** Plain JSON (NaN and ±Infinity become null, as JSON has no other way to write them). */
export const PLAIN_JSON: LineCodec = {
  stringify: (value) => JSON.stringify(value),
  parse: (text) => JSON.parse(text) as unknown,
};

export interface ChildWorkerOptions {
  /** The script to start (a .ts file runs under the parent's own loader, e.g. tsx). */
  script: string;
  /** Prefix of the child's answer lines, e.g. `@sweep `. */
  mark: string;
  codec?: LineCodec;
}

interface Pending {
  resolve(answer: unknown): void;
  reject(error: Error): void;
}

/** A pool worker running `script --worker` in a child process, one job at a time. */
export function createChildWorker<J, R>(options: ChildWorkerOptions): PoolWorker<J, R> {
  const { script, mark, codec = PLAIN_JSON } = options;
  // process.execArgv carries tsx's loader flags, so the child runs TypeScript as the parent does.
  const child = spawn(process.execPath, [...process.execArgv, script, '--worker'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let pending: Pending | null = null;
  let exited: string | null = null;
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (!line.startsWith(mark)) {
      process.stderr.write(`${line}\n`);
      return;
    }
    const settle = pending;
    pending = null;
    settle?.resolve(codec.parse(line.slice(mark.length)));
  });
  // A write to a child that just died fails with EPIPE; its exit below rejects the job instead.
  child.stdin.on('error', () => {});
  child.on('exit', (code, signal) => {
    exited = `worker exited (${signal ?? `code ${code}`})`;
    pending?.reject(new Error(`${exited} during a run`));
    pending = null;
  });
  return {
    run: (job) =>
      new Promise<R>((resolve, reject) => {
        if (exited) return reject(new Error(exited));
        pending = { resolve: (answer) => resolve(answer as R), reject };
        child.stdin.write(`${codec.stringify(job)}\n`);
      }),
    terminate: () => void child.kill(),
  };
}

/**
 * The child's side: read jobs (one per stdin line) until stdin closes, answer each with
 * `handle`'s result on a marked stdout line. Jobs run one at a time, in arrival order.
 */
export async function serveJobs<J, R>(
  mark: string,
  handle: (job: J) => Promise<R>,
  codec: LineCodec = PLAIN_JSON,
): Promise<void> {
  for await (const line of createInterface({ input: process.stdin })) {
    const answer = await handle(codec.parse(line) as J);
    process.stdout.write(`${mark}${codec.stringify(answer)}\n`);
  }
}
