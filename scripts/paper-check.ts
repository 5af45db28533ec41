/**
 * `npm run paper-check`: trains the lab's real engine headless (tfjs CPU backend, Node) for every
 * claim in `scripts/lib/paper-claims.ts`, over several seeds on MNIST and Fashion-MNIST, and writes
 * the verdicts to `docs/paper-check.md`. Runs go to `--jobs` child processes (one core each), each
 * a copy of this script started with `--worker` (scripts/lib/child-pool.ts), in one job pool
 * (src/sweep/job-pool.ts) with `npm run sweep`. Exit: 0 done, 1 an engine error or a diverged run
 * (the report is still written for a divergence), 2 bad arguments.
 */
import * as tf from '@tensorflow/tfjs';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { CLAIMS, presetRoles, type Plan, type RunRecord, type RunSpec } from './lib/paper-claims';
import { createPaperEngine } from './lib/paper-run';
import { readVerdicts, renderReport } from './lib/paper-report';
import { createChildWorker, serveJobs } from './lib/child-pool';
import { pretrainAffinity } from './lib/sweep-runner';
import { runJobPool } from '../src/sweep/job-pool';

const USAGE = `Usage: npm run paper-check -- [--quick] [--out <file>] [--seeds N] [--only <ids>]
                              [--jobs N] [--resume]

  --quick   smoke test for CI: 6-step runs, 1 seed, MNIST only; no verdicts
  --out     where the markdown report goes (default docs/paper-check.md)
  --seeds   seeds per arm and data set (default: each claim's own, 5 for float
            small-CNN claims, 3 for fine-tune claims; verdicts need at least 3)
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

/** Finished runs by their full recipe and sweeps (JSON), saved after each run. */
type RunStore = Map<string, RunRecord>;

const recipeKey = (spec: RunSpec) => JSON.stringify({ recipe: spec.recipe, sweeps: spec.sweeps });

/** The report of the first design, whose verdicts the new report shows beside its own. */
const V1_REPORT = 'docs/paper-check-v1.md';

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

/** Worker mode: read run specs (JSON lines) from stdin, train each, reply with its record. */
async function worker(): Promise<void> {
  tf.enableProdMode(); // silences tfjs's banner about tfjs-node; the CPU backend is on purpose
  const engine = createPaperEngine();
  await serveJobs<RunSpec, WorkerReply>(MARK, async (spec) => {
    const t0 = performance.now();
    const outcome = await engine.run(spec);
    const seconds = (performance.now() - t0) / 1000;
    if ('error' in outcome) return { key: spec.key, error: outcome.error };
    return { key: spec.key, record: outcome.record, seconds };
  });
  await engine.destroy();
}

/** Elapsed time as `12m05s`. */
function clock(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

/** Runs sharing a float pretraining go to one worker, whose engine then trains it once. */
const pretrainKey = (spec: RunSpec) => pretrainAffinity(spec.recipe, spec.key);

/** The specs in groups that share a pretraining, largest first (the order they are numbered). */
function pretrainGroups(specs: readonly RunSpec[]): RunSpec[][] {
  const groups = new Map<string, RunSpec[]>();
  for (const spec of specs) {
    const key = pretrainKey(spec);
    groups.set(key, [...(groups.get(key) ?? []), spec]);
  }
  return [...groups.values()].sort((a, b) => b.length - a.length);
}

/** Run every spec on `jobs` child workers, printing progress; rejects on the first engine error. */
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
  const groups = pretrainGroups(specs.filter((s) => !reused.includes(s)));
  specs = groups.flat(); // numbered in the order they are queued
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const say = (line: string) => process.stderr.write(`[paper-check ${clock(elapsed())}] ${line}\n`);
  const tag = (spec: RunSpec) => `run ${specs.indexOf(spec) + 1}/${specs.length} ${spec.name}`;
  let failure: Error | null = null;
  const pool = runJobPool<RunSpec, WorkerReply>(specs, {
    size: Math.min(jobs, groups.length), // a worker per pretraining at most, as it trains each once
    createWorker: () => createChildWorker({ script: fileURLToPath(import.meta.url), mark: MARK }),
    affinity: pretrainKey,
    onStart: (spec) => say(`${tag(spec)}: started (claims ${claimsOf.get(spec.key)!.join(', ')})`),
    onResult(spec, reply) {
      if ('error' in reply) {
        failure ??= new Error(`${spec.name}: engine error ${reply.error}`);
        return pool.cancel();
      }
      records.set(spec.key, reply.record);
      saved.runs.set(recipeKey(spec), reply.record);
      saveRuns(saved.path, saved.runs);
      const done = records.size - reused.length;
      const left = ((elapsed() / done) * (specs.length - done)) / 60;
      const note = reply.record.diverged ? ' DIVERGED' : '';
      say(
        `${tag(spec)}: done in ${reply.seconds.toFixed(0)} s${note}; ~${left.toFixed(0)} min left`,
      );
    },
    onCrash: (spec, error, willRetry) =>
      say(`${tag(spec)}: ${error.message}${willRetry ? '; queued again' : '; given up'}`),
  });
  const { failed } = await pool.done;
  if (failure) throw failure;
  if (failed > 0) throw new Error(`${failed} runs failed: their worker died every time`);
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
  const seeds = values.seeds === undefined ? undefined : Number(values.seeds);
  const jobs = Number(values.jobs ?? Math.min(2, availableParallelism()));
  if (seeds !== undefined && (!Number.isInteger(seeds) || seeds < 1 || seeds > 20)) {
    return { error: '--seeds: 1..20' };
  }
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 16) return { error: '--jobs: 1..16' };
  const only = (values.only ?? []).flatMap((v) => v.split(',')).filter(Boolean);
  const unknown = only.filter((id) => !CLAIMS.some((c) => c.id === id));
  if (unknown.length) return { error: `--only: unknown claim ${unknown.join(', ')}` };
  const plan: Plan = seeds === undefined ? { quick } : { quick, seeds };
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
    quick: plan.quick,
    v1: readVerdicts(existsSync(V1_REPORT) ? readFileSync(V1_REPORT, 'utf8') : ''),
    presets: presetRoles(),
    runs: specs.size,
    reused,
    jobs,
    elapsedSeconds: seconds,
    date,
    diverged,
    omitted: CLAIMS.filter((c) => !claims.includes(c)).map((c) => c.id),
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
