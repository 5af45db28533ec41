import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'train-cli-'));

interface Exit {
  code: number | null;
  stderr: string;
}

const ROOT = join(import.meta.dirname, '../..');

/**
 * Run the runner as a user would: `npm run train` is `node --import tsx scripts/train.ts`, one
 * process (tsx's own CLI would relay Ctrl-C to a child and SIGKILL it when a training step keeps
 * it from answering within 60 ms). It gets its own process group so that `interrupt` can send
 * SIGINT to the whole group, as Ctrl-C in a terminal does; npx and npm die of that signal rather
 * than passing on the exit code, so the test starts node itself.
 */
function train(args: string[], interrupt?: (stderr: string) => boolean): Promise<Exit> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/train.ts', ...args], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  let sent = false;
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    if (!sent && interrupt?.(stderr)) {
      sent = true;
      process.kill(-child.pid!, 'SIGINT');
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

function readJsonl(path: string): Record<string, unknown>[] {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

const stepsOf = (events: Record<string, unknown>[], type: string) =>
  events.filter((e) => e.type === type).map((e) => e.step);

describe('npm run train (scripts/train.ts)', () => {
  test('trains from a query string and writes the metric stream as JSON lines', async () => {
    const out = join(dir, 'run.jsonl');
    const args = ['--config', 'bs=16&every=5&eval=20&test=200', '--steps', '20', '--out', out];
    const { code, stderr } = await train(args);
    expect(code, stderr).toBe(0);
    const events = readJsonl(out);
    expect(stepsOf(events, 'train-metrics')).toEqual([5, 10, 15, 20]);
    expect(stepsOf(events, 'test-metrics')).toEqual([0, 20]);
    for (const e of events.filter((e) => e.type === 'train-metrics' || e.type === 'test-metrics')) {
      const loss = e.type === 'train-metrics' ? e.loss : e.testLoss;
      expect(Number.isFinite(loss), JSON.stringify(e)).toBe(true);
    }
    expect(events.at(-1)).toMatchObject({ type: 'phase', phase: 'finished' });
    const times = events.map((e) => e.t as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(stderr).toMatch(/^step \d+\/20 .*steps\/s$/m);
    expect(stderr).toMatch(/^finished after .* test [\d.]+% @20/m);
  });

  test('a bad recipe exits 2 before training, naming the key', async () => {
    const out = join(dir, 'bad.jsonl');
    const { code, stderr } = await train(['--config', 'bs=1000', '--steps', '5', '--out', out]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/bs \(batchSize\): 1000 is out of range \(allowed: 1\.\.512/);
    expect(stderr).not.toMatch(/backend:/); // nothing started
  });

  test('Ctrl-C pauses the engine, keeps the stream written so far and exits 130', async () => {
    const out = join(dir, 'interrupted.csv');
    // Batch 512: a step longer than tsx's 60 ms relay window, which killed the run before.
    const args = ['--config', 'bs=512&every=1&test=100', '--steps', '5000', '--out', out];
    const { code, stderr } = await train(args, (text) => /^step [1-9]\d*\//m.test(text));
    expect(code, stderr).toBe(130);
    expect(stderr).toMatch(/^interrupted after/m);
    const [header, ...rows] = readFileSync(out, 'utf8').trim().split('\n');
    expect(header).toMatch(/^step,type,loss,trainAccuracy,testAccuracy,testLoss,.*stepsPerSecond/);
    expect(rows.filter((r) => r.includes(',train-metrics,')).length).toBeGreaterThan(0);
  });
});
