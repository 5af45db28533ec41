/**
 * `npm run train`: the headless runner. Runs the lab's real engine in Node on the tfjs CPU backend,
 * prints progress to stderr and writes the engine's metric stream (JSON lines or CSV) for scripts.
 * Exit codes: 0 finished, 1 failed or diverged, 2 bad arguments, 130 interrupted (Ctrl-C).
 */
import * as tf from '@tensorflow/tfjs';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { createEngine } from '../src/engine/engine';
import type { EngineEvent, RunPhase } from '../src/engine/protocol';
import { SETTINGS, SETTING_KEYS } from '../src/settings/schema';
import { runSteps, stageTitle } from '../src/settings/pretrain';
import { nodeEnv } from './lib/node-env';
import { describeAllowed } from '../src/settings/spec-check';
import { parseRunArgs, type OutputFormat, type RunOptions } from './lib/run-config';

const USAGE = `Usage: npm run train -- [--config <file.json|query|link|preset:id>] [--steps N] --out <file|->
                        [--format jsonl|csv] [--quiet]

  --config  a JSON file of settings ({"batchSize": 32}; missing keys take defaults), or a query
            string or lab link (bs=32&lr=0.01), or a preset (preset:kure-w4). Nothing is clamped:
            a bad value is an error.
  --steps   training steps, overriding the config's steps (with pre=N float pretraining steps
            first, the run trains N + steps: it fine-tunes from the pretrained weights)
  --out     where the metric stream goes (- for stdout)
  --format  jsonl: one engine event per line, plus t (ms since start);
            csv: one row per metric event. Default: from the --out extension, else jsonl.
  --quiet   errors only on stderr
Runs on the tfjs CPU backend. Exit: 0 finished, 1 failed or diverged, 2 bad arguments,
130 interrupted.`;

/** Columns every CSV has, in this order; other numeric fields of metric events follow them. */
const CSV_COLUMNS = ['step', 'type', 'loss', 'trainAccuracy', 'testAccuracy', 'testLoss'];
const CSV_TAIL = ['stepsPerSecond', 't'];

/** How often progress lines may appear, at most. */
const PROGRESS_INTERVAL_MS = 1000;

/** Where engine events go, as they arrive. */
interface MetricSink {
  write(event: EngineEvent, t: number): void;
  /** Flush everything and close (stdout is flushed, not closed). */
  close(): Promise<void>;
  /** Lines or rows written so far. */
  readonly count: number;
}

/** Every settings key with its link parameter, default and range, straight from the table. */
function settingsHelp(): string {
  const cells = SETTING_KEYS.map((key) => {
    const spec = SETTINGS[key];
    return [key, spec.param, String(spec.default), describeAllowed(spec)];
  });
  const widths = [0, 1, 2].map((i) => Math.max(...cells.map((row) => row[i]!.length)) + 2);
  const rows = cells.map(
    (row) => `  ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('')}`,
  );
  return ['Settings (JSON key, link parameter, default, allowed):', ...rows].join('\n');
}

/** Open the output before anything trains, so a bad path fails fast with exit 2. */
async function openOutput(out: string): Promise<Writable> {
  if (out === '-') return process.stdout;
  const stream = createWriteStream(out);
  await once(stream, 'open');
  // A write that fails mid-run (disk full) would make the rest of the run worthless: stop.
  stream.on('error', (error) => {
    process.stderr.write(`--out ${out}: write failed (${error.message})\n`);
    process.exit(1);
  });
  return stream;
}

async function finish(stream: Writable, data: string): Promise<void> {
  if (stream === process.stdout) {
    await new Promise<void>((resolve) => stream.write(data, () => resolve()));
    return;
  }
  await new Promise<void>((resolve) => stream.end(data, resolve));
}

function jsonlSink(stream: Writable): MetricSink {
  let count = 0;
  return {
    write(event, t) {
      stream.write(`${JSON.stringify({ ...event, t })}\n`);
      count += 1;
    },
    close: () => finish(stream, ''),
    get count() {
      return count;
    },
  };
}

/**
 * One row per event that carries a step and at least one other number: today the train and test
 * metrics, tomorrow any new flat metric event. Rows are kept until close, because a new event type
 * may bring new columns and a CSV header cannot grow.
 */
function csvSink(stream: Writable): MetricSink {
  const rows: Map<string, string | number>[] = [];
  const extra = new Set<string>();
  const known = new Set([...CSV_COLUMNS, ...CSV_TAIL]);
  return {
    write(event, t) {
      const numbers = numericFields(event);
      if (!numbers.some(([k]) => k === 'step') || numbers.length < 2) return;
      for (const [k] of numbers) if (!known.has(k)) extra.add(k);
      rows.push(new Map<string, string | number>([['type', event.type], ...numbers, ['t', t]]));
    },
    close() {
      const columns = [...CSV_COLUMNS, ...extra, ...CSV_TAIL];
      const lines = rows.map((row) => columns.map((c) => csvCell(row.get(c))).join(','));
      return finish(stream, [columns.join(','), ...lines].map((l) => `${l}\n`).join(''));
    },
    get count() {
      return rows.length;
    },
  };
}

/** An event's numbers; nested objects become dotted names (`terms.task`), arrays stay in JSONL. */
function numericFields(value: object, prefix = ''): [string, number][] {
  return Object.entries(value).flatMap(([key, v]): [string, number][] => {
    if (typeof v === 'number') return [[prefix + key, v]];
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      return numericFields(v, `${prefix}${key}.`);
    }
    return [];
  });
}

function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const SINKS: Record<OutputFormat, (stream: Writable) => MetricSink> = {
  jsonl: jsonlSink,
  csv: csvSink,
};

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;
const formatLoss = (x: number) => (Math.abs(x) < 1e4 ? x.toFixed(4) : x.toExponential(3));

/** Progress and notes on stderr: the latest metrics, at most once a second. */
function createProgress(total: number, quiet: boolean) {
  const say = (line: string): void => {
    if (!quiet) process.stderr.write(`${line}\n`);
  };
  const state = { step: 0, loss: NaN, train: NaN, test: NaN, testStep: -1, speed: NaN };
  let lastPrint = -Infinity;
  const line = () => {
    const test = state.testStep >= 0 ? `  test ${percent(state.test)} @${state.testStep}` : '';
    const loss = Number.isNaN(state.loss) ? '' : `  loss ${formatLoss(state.loss)}`;
    const train = Number.isNaN(state.train) ? '' : `  train ${percent(state.train)}`;
    const speed = Number.isNaN(state.speed) ? '' : `  ${state.speed.toFixed(1)} steps/s`;
    return `step ${state.step}/${total}${loss}${train}${test}${speed}`;
  };
  const onMetrics = () => {
    if (performance.now() - lastPrint < PROGRESS_INTERVAL_MS) return;
    lastPrint = performance.now();
    say(line());
  };
  return {
    say,
    /** The latest metrics in one line, for the summary. */
    line,
    onEvent(event: EngineEvent): void {
      switch (event.type) {
        case 'train-metrics':
          Object.assign(state, { step: event.step, loss: event.loss, train: event.trainAccuracy });
          state.speed = event.stepsPerSecond;
          return onMetrics();
        case 'test-metrics':
          Object.assign(state, { test: event.testAccuracy, testStep: event.step });
          return onMetrics();
        case 'backend':
          return say(`backend: ${event.backend}${event.fastCpuKernels ? ' (fast kernels)' : ''}`);
        case 'dataset':
          return say(`data: ${event.dataset}, ${event.trainCount} train / ${event.testCount} test`);
        case 'stage':
          return say(`${stageTitle(event.stage)}, ${event.steps} steps from step ${event.step}`);
        case 'error': {
          const at = event.step === undefined ? '' : ` at step ${event.step}`;
          process.stderr.write(`error (${event.kind})${at}: ${event.message}\n`);
          return;
        }
        default:
          return; // phases and any newer event types go to the file only
      }
    },
  };
}

/**
 * Run the engine until it finishes, fails or is paused by Ctrl-C, passing every event on.
 * A second Ctrl-C kills the process at once (Node's default, restored after the first).
 */
async function runEngine(options: RunOptions, onEvent: (event: EngineEvent) => void) {
  const ends: readonly RunPhase[] = ['finished', 'failed', 'paused'];
  let interrupted = false;
  let end!: (phase: RunPhase) => void;
  const ended = new Promise<RunPhase>((resolve) => (end = resolve));
  const engine = createEngine(nodeEnv, (event) => {
    onEvent(event);
    if (event.type === 'phase' && ends.includes(event.phase)) end(event.phase);
  });
  const onSigint = () => {
    interrupted = true;
    void engine.handle({ type: 'pause' });
  };
  process.once('SIGINT', onSigint);
  try {
    await engine.handle({ type: 'start', recipe: options.recipe });
    return { phase: await ended, interrupted };
  } finally {
    process.off('SIGINT', onSigint);
    await engine.destroy();
  }
}

function exitCode(phase: RunPhase, interrupted: boolean): number {
  if (phase === 'finished') return 0;
  return interrupted ? 130 : 1;
}

/** The runner; resolves to the process exit code. */
async function main(argv: readonly string[]): Promise<number> {
  // Prod mode only silences tfjs's console warnings, whose one message here is a banner telling
  // Node users to install tfjs-node: the lab runs the same CPU backend as the browser on purpose.
  tf.enableProdMode();
  const parsed = parseRunArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(`${USAGE}\n\n${settingsHelp()}\n`);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    process.stderr.write(`${parsed.errors.join('\n')}\n\nSee npm run train -- --help\n`);
    return 2;
  }
  const options = parsed.options;
  let stream: Writable;
  try {
    stream = await openOutput(options.out);
  } catch (error) {
    process.stderr.write(`--out ${options.out}: cannot write (${String(error)})\n`);
    return 2;
  }
  const sink = SINKS[options.format](stream);
  const progress = createProgress(runSteps(options.recipe), options.quiet);
  options.notes.forEach((note) => progress.say(`note: ${note}`));
  const t0 = performance.now();
  const { phase, interrupted } = await runEngine(options, (event) => {
    sink.write(event, Math.round(performance.now() - t0));
    progress.onEvent(event);
  });
  await sink.close();
  const seconds = ((performance.now() - t0) / 1000).toFixed(1);
  const what = interrupted && phase !== 'finished' ? 'interrupted' : phase;
  progress.say(
    `${what} after ${seconds} s: ${progress.line()}; ${sink.count} records -> ${options.out}`,
  );
  return exitCode(phase, interrupted);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `train: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
