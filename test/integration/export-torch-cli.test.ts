// `npm run export-torch`: a folder with train.py, the data asset and the lab's state; bad input
// is one line on stderr, exit code 2, and nothing written.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { torchPython, type CheckResult } from '../helpers/torch-check';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'export-torch-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function exportTorch(...args: string[]) {
  const tsx = join(ROOT, 'node_modules/.bin/tsx');
  return spawnSync(tsx, ['scripts/export-torch.ts', ...args], { cwd: ROOT, encoding: 'utf8' });
}

/** The training losses train.py printed, one JSON line per step. */
const losses = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { loss: number }).loss);

/** Run a process to its end; its stdout (throws with its stderr when it fails). */
function runAsync(command: string, args: string[], cwd: string, env: Record<string, string>) {
  return new Promise<string>((done, fail) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env }, timeout: 120_000 });
    let [stdout, stderr] = ['', ''];
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) => (code === 0 ? done(stdout) : fail(new Error(stderr))));
  });
}

/** stderr without tfjs's one-time banner about tfjs-node. */
const errorLines = (stderr: string) =>
  stderr.split('\n').filter((l) => l.trim() && !/^=+$|tfjs-node|TensorFlow\.js in Node/.test(l));

describe('npm run export-torch', () => {
  test('writes train.py, the data set and the lab state for a preset-like query', () => {
    const out = join(dir, 'kure');
    const run = exportTorch('--config', 'kure=on&ptqend=off&bs=8', '--out', out, '--with-state');
    expect(run.status).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['README.txt', 'data', 'state', 'train.py']);
    expect(existsSync(join(out, 'data/mnist.qlds'))).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'state/manifest.json'), 'utf8'));
    expect(manifest.batches).toHaveLength(1);
    expect(manifest.batches[0].shape).toEqual([8, 28, 28, 1]);
    expect(readFileSync(join(out, 'train.py'), 'utf8')).toMatch(/kure=on/);
    expect(readdirSync(dir).filter((name) => name.includes('partial'))).toEqual([]);
  });

  test("train.py's own sampler draws the lab's batches, and --ddp over two processes agrees", async () => {
    const out = join(dir, 'sampler');
    const config = 'bs=16&steps=6&every=1&eval=1000&test=100&seed=3&r2=linf&kure=on&ptqend=off';
    const run = exportTorch(
      '--config',
      config,
      '--out',
      out,
      '--with-state',
      '--state-batches',
      '6',
    );
    expect(run.status).toBe(0);
    const python = torchPython();
    const args = ['train.py', '--state', 'state', '--steps', '6'];
    const py = (...more: string[]) =>
      spawnSync(python, [...args, ...more], { cwd: out, encoding: 'utf8' }).stdout;
    const exported = (JSON.parse(py('--check')) as CheckResult).steps.map((s) => s.loss);
    const sampled = losses(py());
    expect(sampled).toHaveLength(6);
    sampled.forEach((loss, i) => expect(loss).toBeCloseTo(exported[i]!, 6));

    // The environment torchrun gives its processes; each trains on half of every lab batch.
    const port = String(20_000 + Math.floor(Math.random() * 20_000));
    const ddp = await Promise.all(
      [0, 1].map((rank) =>
        runAsync(python, [...args, '--use-state-batches', '--ddp'], out, {
          MASTER_ADDR: '127.0.0.1',
          MASTER_PORT: port,
          WORLD_SIZE: '2',
          RANK: String(rank),
          LOCAL_RANK: String(rank),
        }),
      ),
    );
    expect(ddp[1]).toBe('');
    losses(ddp[0]!).forEach((loss, i) => expect(loss).toBeCloseTo(exported[i]!, 5));
  });

  test.each([
    [
      'a recipe it cannot express',
      ['--config', 'init=previous&kure=on'],
      /init=previous \(.*\) is not exported yet/,
    ],
    ['an unknown preset', ['--config', 'preset:nope'], /no such preset/],
    ['a bad value', ['--config', 'bs=0&ptqend=off'], /bs \(batchSize\)/],
  ])('refuses %s: one line, exit code 2, nothing written', (_, args, message) => {
    const out = join(dir, 'refused');
    const run = exportTorch(...args, '--out', out);
    expect(run.status).toBe(2);
    const lines = errorLines(run.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(message);
    expect(existsSync(out)).toBe(false);
  });
});
