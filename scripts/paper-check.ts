/**
 * `npm run paper-check`: trains the lab's real engine headless (tfjs CPU backend, Node) for every
 * claim in `scripts/lib/paper-claims.ts`, over several seeds on MNIST and Fashion-MNIST, and writes
 * the verdicts to `docs/paper-check.md`. Runs go to `--jobs` child processes (one core each), each
 * a copy of this script started with `--worker`. Exit: 0 done, 1 an engine error or a diverged run
 * (the report is still written for a divergence), 2 bad arguments.
 */
import * as tf from '@tensorflow/tfjs';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { createEngine } from '../src/engine/engine';
import type { EngineEvent } from '../src/engine/protocol';
import type { Recipe } from '../src/settings/schema';
import { nodeEnv } from './lib/node-env';
import { CLAIMS, type Plan, type RunRecord, type RunSpec } from './lib/paper-claims';
import { renderReport } from './lib/paper-report';

const USAGE = `Usage: npm run paper-check -- [--quick] [--out <file>] [--seeds N] [--only <ids>]
                              [--jobs N] [--resume]

  --quick   smoke test for CI: 10-step runs, 1 seed, MNIST only; no verdicts
  --out     where the markdown report goes (default docs/paper-check.md)
  --seeds   seeds per arm and data set (default 3; verdicts need at least 3)
  --only    comma-separated claim ids (${CLAIMS.map((c) => c.id).join(', ')})
  --jobs    parallel training processes (default: 2, or fewer cores)
  --resume  reuse the runs already in <out>.runs.json with the very same recipe (every finished
            run is saved there, so an interrupted full run can go on where it stopped)`;

/** Prefix of the worker's protocol lines on its stdout; any other output is passed to stderr. */
const MARK = '@paper-check ';

/** What a worker sends back for one run. */
type WorkerReply =
  { key: string; record: RunRecord; seconds: number } | { key: string; error: string };

interface Options {
  plan: Plan;
  out: string;
  jobs: number;
  only: string[];
  resume: boolean;
}

/** Finished runs by their full recipe (JSON of the settings), saved after each run. */
type RunStore = Map<string, RunRecord>;

const recipeKey = (spec: RunSpec) => JSON.stringify(spec.recipe);

/** The runs saved at `path` (none when it is missing or unreadable: they are simply rerun). */
function loadRuns(path: string): RunStore {
  if (!existsSync(path)) return new Map();
  try {
    return new Map(
      Object.entries(JSON.parse(readFileSync(path, 'utf8')) as Record<string, RunRecord>),
    );
  } catch {
    return new Map();
  }
}

function saveRuns(path: string, runs: RunStore): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${JSON.stringify(Object.fromEntries(runs), null, 1)}\n`);
}

/** Reduce a run's events to the numbers the claims read. */
function summarizeRun(events: readonly EngineEvent[]): RunRecord {
  const last = <T extends EngineEvent['type']>(type: T) =>
    events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type).at(-1);
  const osc = events.flatMap((e) =>
    e.type === 'technique-metrics' && e.technique === 'oscillation' ? [e] : [],
  );
  const diverged = events.flatMap((e) => (e.type === 'error' && e.kind === 'diverged' ? [e] : []));
  const [ptq, bn] = [last('ptq'), last('bn-reestimated')];
  return {
    testAccuracy: diverged.length ? NaN : (last('test-metrics')?.testAccuracy ?? NaN),
    ptq: ptq ? { fpAccuracy: ptq.fpAccuracy, points: ptq.points } : null,
    layers: last('layer-stats')?.layers ?? [],
    oscillation: (osc.at(-1)?.layers ?? []).map((l) => ({
      name: l.name,
      frequency: l.values.frequency ?? NaN,
    })),
    bn: bn ? { before: bn.before, after: bn.after } : null,
    diverged: diverged[0]?.message ?? null,
  };
}

/** Worker mode: read run specs (JSON lines) from stdin, train each, reply with its record. */
async function worker(): Promise<void> {
  tf.enableProdMode(); // silences tfjs's banner about tfjs-node; the CPU backend is on purpose
  let events: EngineEvent[] = [];
  let ended: (() => void) | null = null;
  const engine = createEngine(nodeEnv, (event) => {
    events.push(event);
    const end =
      event.type === 'phase' && ['finished', 'failed', 'paused', 'idle'].includes(event.phase);
    if (end || (event.type === 'error' && event.kind === 'rejected')) ended?.();
  });
  const reply = (message: WorkerReply) =>
    process.stdout.write(`${MARK}${JSON.stringify(message)}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    const { key, recipe } = JSON.parse(line) as { key: string; recipe: Recipe };
    events = [];
    const t0 = performance.now();
    const done = new Promise<void>((resolve) => (ended = resolve));
    await engine.handle({ type: 'start', recipe: recipe });
    await done;
    const failure = events.find((e) => e.type === 'error' && e.kind !== 'diverged');
    if (failure?.type === 'error') reply({ key, error: `${failure.kind}: ${failure.message}` });
    else reply({ key, record: summarizeRun(events), seconds: (performance.now() - t0) / 1000 });
  }
  await engine.destroy();
}

/** A child process running {@link worker}, one run at a time. */
function startWorker(): { run(spec: RunSpec): Promise<WorkerReply>; child: ChildProcess } {
  const script = fileURLToPath(import.meta.url);
  const child = spawn(process.execPath, [...process.execArgv, script, '--worker'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let pending: { resolve(r: WorkerReply): void; reject(e: Error): void } | null = null;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.startsWith(MARK)) {
      process.stderr.write(`${line}\n`); // e.g. a library's notice: never part of a reply
      return;
    }
    const settle = pending;
    pending = null;
    settle?.resolve(JSON.parse(line.slice(MARK.length)) as WorkerReply);
  });
  child.on('exit', (code, signal) => {
    pending?.reject(new Error(`worker exited (${signal ?? `code ${code}`}) during a run`));
  });
  return {
    child,
    run: (spec) =>
      new Promise((resolve, reject) => {
        pending = { resolve, reject };
        child.stdin!.write(`${JSON.stringify({ key: spec.key, recipe: spec.recipe })}\n`);
      }),
  };
}

/** Elapsed time as `12m05s`. */
function clock(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

/** Run every spec on `jobs` workers, printing progress; rejects on the first engine error. */
async function runAll(
  specs: RunSpec[],
  jobs: number,
  claimsOf: Map<string, string[]>,
  saved: { runs: RunStore; path: string; resume: boolean },
) {
  const records = new Map<string, RunRecord>();
  const reused = saved.resume ? specs.filter((s) => saved.runs.has(recipeKey(s))) : [];
  reused.forEach((s) => records.set(s.key, saved.runs.get(recipeKey(s))!));
  if (reused.length) process.stderr.write(`[paper-check] reusing ${reused.length} saved runs\n`);
  specs = specs.filter((s) => !reused.includes(s));
  const workers = Array.from({ length: Math.min(jobs, specs.length) }, () => startWorker());
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  let next = 0;
  const say = (line: string) => process.stderr.write(`[paper-check ${clock(elapsed())}] ${line}\n`);
  const drain = async (w: ReturnType<typeof startWorker>) => {
    while (next < specs.length) {
      const i = next++;
      const spec = specs[i]!;
      const tag = `run ${i + 1}/${specs.length} ${spec.name}`;
      say(`${tag}: started (claims ${claimsOf.get(spec.key)!.join(', ')})`);
      const reply = await w.run(spec);
      if ('error' in reply) throw new Error(`${spec.name}: engine error ${reply.error}`);
      records.set(spec.key, reply.record);
      saved.runs.set(recipeKey(spec), reply.record);
      saveRuns(saved.path, saved.runs);
      const done = records.size - reused.length;
      const left = ((elapsed() / done) * (specs.length - done)) / 60;
      const note = reply.record.diverged ? ' DIVERGED' : '';
      say(`${tag}: done in ${reply.seconds.toFixed(0)} s${note}; ~${left.toFixed(0)} min left`);
    }
  };
  try {
    await Promise.all(workers.map(drain));
  } finally {
    workers.forEach((w) => w.child.kill());
  }
  return { records, seconds: elapsed(), reused: reused.length };
}

/** Parse the command line; an error message for bad arguments. */
function parseOptions(argv: string[]): Options | { help: true } | { error: string } {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      out: { type: 'string' },
      seeds: { type: 'string' },
      only: { type: 'string', multiple: true },
      jobs: { type: 'string' },
      resume: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) return { help: true };
  const quick = !!values.quick;
  const seeds = Number(values.seeds ?? (quick ? 1 : 3));
  const jobs = Number(values.jobs ?? Math.min(2, availableParallelism()));
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > 20) return { error: '--seeds: 1..20' };
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) return { error: '--jobs: 1..16' };
  const only = (values.only ?? []).flatMap((v) => v.split(',')).filter(Boolean);
  const unknown = only.filter((id) => !CLAIMS.some((c) => c.id === id));
  if (unknown.length) return { error: `--only: unknown claim ${unknown.join(', ')}` };
  const datasets = quick ? (['mnist'] as const) : (['mnist', 'fashion-mnist'] as const);
  const plan = {
    quick,
    seeds: Array.from({ length: seeds }, (_, i) => i + 1),
    datasets: [...datasets],
  };
  const resume = !!values.resume;
  return { plan, out: values.out ?? 'docs/paper-check.md', jobs, only, resume };
}

/** The runner; resolves to the exit code. */
async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseOptions>;
  try {
    options = parseOptions(argv);
  } catch (error) {
    options = { error: error instanceof Error ? error.message : String(error) };
  }
  if ('help' in options) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if ('error' in options) {
    process.stderr.write(`${options.error}\n\n${USAGE}\n`);
    return 2;
  }
  const { plan, out, jobs } = options;
  const claims = CLAIMS.filter((c) => options.only.length === 0 || options.only.includes(c.id));
  const specs = new Map<string, RunSpec>();
  const claimsOf = new Map<string, string[]>();
  for (const claim of claims) {
    for (const spec of claim.runs(plan)) {
      specs.set(spec.key, spec);
      claimsOf.set(spec.key, [...(claimsOf.get(spec.key) ?? []), claim.id]);
    }
  }
  const load = loadavg()[0]!.toFixed(1);
  const machine = `${availableParallelism()} cores, load average ${load} at the start`;
  const path = `${out}.runs.json`;
  const saved = { runs: loadRuns(path), path, resume: options.resume };
  const { records, seconds, reused } = await runAll([...specs.values()], jobs, claimsOf, saved);
  const diverged = [...specs.values()].flatMap((s) => {
    const message = records.get(s.key)?.diverged;
    return message ? [`${s.name}: ${message}`] : [];
  });
  const results = claims.map((c) => c.judge(records, plan));
  const date = new Date().toISOString().slice(0, 10);
  const meta = {
    ...plan,
    runs: specs.size,
    reused,
    jobs,
    elapsedSeconds: seconds,
    date,
    diverged,
    machine,
  };
  mkdirSync(dirname(out), { recursive: true });
  // Formatted as the repository's lint wants it, so a fresh report is committed unchanged.
  const style = await resolveConfig(out);
  writeFileSync(out, await format(renderReport(results, meta), { ...style, parser: 'markdown' }));
  for (const r of results) process.stderr.write(`${r.id}: ${r.verdict}\n`);
  process.stderr.write(`${specs.size} runs in ${clock(seconds)}; report -> ${out}\n`);
  return diverged.length > 0 ? 1 : 0;
}

const isWorker = process.argv.includes('--worker');
(isWorker ? worker().then(() => 0) : main(process.argv.slice(2))).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `paper-check: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
