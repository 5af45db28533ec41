import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseSweepArgs } from '../../scripts/lib/sweep-args';
import { createPaperEngine } from '../../scripts/lib/paper-run';
import { fromExactJson, toExactJson } from '../../scripts/lib/sweep-json';
import { CRASH_ONCE_ENV } from '../../scripts/lib/sweep-runner';
import type { RunSummary } from '../../src/sweep/run-summary';
import { planSweep } from '../../src/sweep/sweep-plan';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'sweep-cli-'));

/** Tiny runs: 4 steps at batch 16, 100 test images, one evaluation at the end. */
const CONFIG = 'bs=16&test=100&eval=1000';
const TWO_BY_TWO = ['--config', CONFIG, '--knob', 'lr', '--values', '0.01,0.003', '--seeds', '2'];

interface Exit {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npm run sweep` as a user runs it (npx tsx), with `env` added to the environment. */
function sweep(args: string[], env: Record<string, string> = {}): Promise<Exit> {
  const child = spawn('npx', ['tsx', 'scripts/sweep.ts', '--steps', '4', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const readRuns = (path: string) =>
  fromExactJson(readFileSync(path, 'utf8')) as Record<string, RunSummary>;
/** Progress lines of trained runs ("3/4 done (…"). */
const doneLines = (stderr: string) => stderr.match(/^\[sweep \d+m\d\ds\] \d+\/\d+ done \(/gm) ?? [];

/** The same runs one by one on one engine in this process, as stored (through exact JSON). */
async function inProcess(args: string[]): Promise<Record<string, RunSummary>> {
  const parsed = parseSweepArgs([...args, '--steps', '4']);
  if (parsed.kind !== 'run') throw new Error(JSON.stringify(parsed));
  const engine = createPaperEngine();
  const out: Record<string, RunSummary> = {};
  try {
    for (const run of planSweep(parsed.options.recipe, parsed.options.spec)) {
      const outcome = await engine.run({ recipe: run.recipe });
      if ('error' in outcome) throw new Error(outcome.error);
      out[run.key] = outcome.record;
    }
  } finally {
    await engine.destroy();
  }
  return fromExactJson(toExactJson(out)) as Record<string, RunSummary>;
}

describe('npm run sweep (scripts/sweep.ts)', () => {
  const out = join(dir, 'lr', 'sweep.csv');

  test('2 values × 2 seeds on 2 workers equal the same runs one by one; --resume trains only what is missing', async () => {
    const first = await sweep([...TWO_BY_TWO, '--jobs', '2', '--out', out]);
    expect(first.code, first.stderr).toBe(0);
    expect(doneLines(first.stderr)).toHaveLength(4);
    expect(first.stderr).toMatch(/4\/4 done .*steps\/s in all/);
    const saved = readRuns(`${out}.runs.json`);
    expect(saved).toEqual(await inProcess(TWO_BY_TWO));

    // One row per run with every metric; the summary and the table of the chosen metric.
    const csv = readFileSync(out, 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^knob,value,seed,diverged,test-acc,fp-acc,ptq-w2,.*,key$/);
    expect(csv.slice(1).map((row) => row.split(',').slice(0, 4).join(','))).toEqual([
      'learningRate,0.01,1,false',
      'learningRate,0.003,1,false',
      'learningRate,0.01,2,false',
      'learningRate,0.003,2,false',
    ]);
    const summary = JSON.parse(readFileSync(join(dir, 'lr', 'sweep.summary.json'), 'utf8'));
    expect(summary.runs).toEqual({ planned: 4, finished: 4, diverged: 0 });
    expect(summary.metrics['test-acc'].rows[1]).toMatchObject({
      value: 0.003,
      n: 2,
      versus: { verdict: 'too few seeds', pairs: 2 },
    });
    expect(first.stdout).toMatch(/^lr +test-acc: mean ± std \(n\) +diverged +vs baseline$/m);
    expect(first.stdout).toMatch(/^0\.01 +[\d.]+% ± [\d.]+% \(2\) +0 +baseline$/m);

    // Drop one run: --resume trains that one only and keeps the others as they were.
    const [dropped, ...kept] = Object.keys(saved);
    const partial = Object.fromEntries(kept.map((key) => [key, saved[key]!]));
    writeFileSync(`${out}.runs.json`, toExactJson(partial));
    const again = await sweep([...TWO_BY_TWO, '--jobs', '2', '--out', out, '--resume']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(/reusing 3 saved runs/);
    expect(doneLines(again.stderr)).toHaveLength(1);
    expect(again.stderr).toMatch(/1 trained, 3 reused/);
    expect(Object.keys(readRuns(`${out}.runs.json`))).toContain(dropped);
    expect(readRuns(`${out}.runs.json`)).toEqual(saved);
  });

  test('a worker that dies mid-run is replaced and its run queued again', async () => {
    const crashOut = join(dir, 'crash', 'sweep.csv');
    const flag = join(dir, 'crashed-once');
    const args = ['--config', CONFIG, '--knob', 'lr', '--values', '0.01,0.003', '--seeds', '1'];
    const result = await sweep([...args, '--jobs', '2', '--out', crashOut], {
      [CRASH_ONCE_ENV]: flag,
    });
    expect(result.code, result.stderr).toBe(0);
    expect(existsSync(flag)).toBe(true);
    expect(result.stderr).toMatch(/worker exited \(code 1\) during a run; queued again/);
    expect(Object.keys(readRuns(`${crashOut}.runs.json`))).toHaveLength(2);
    expect(result.stderr).toMatch(/2\/2 runs \(2 trained, 0 reused\)/);
  });

  test('bad input exits 2 before anything trains, naming the part', async () => {
    const never = join(dir, 'never.csv');
    const cases: [string[], RegExp][] = [
      [['--knob', 'nope', '--values', '1'], /^Knob: "nope" is not a setting/m],
      [['--knob', 'kurew', '--values', '0.1,99'], /^Values: KURE weight λ: 99 is out of range/m],
      [['--knob', 'lr', '--range', 'log:0.001:0.1:33', '--seeds', '2'], /^Runs: 33 values × 2/m],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await sweep([...args, '--out', never]);
      expect(code, stderr).toBe(2);
      expect(stderr).toMatch(message);
      expect(stderr).not.toMatch(/\[sweep/);
    }
    expect(existsSync(never)).toBe(false);
  });
});
