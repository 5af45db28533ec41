import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ARMS } from '../../scripts/lib/paper-arms';
import { CLAIMS } from '../../scripts/lib/paper-claims';

const ROOT = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'paper-check-'));

/** Run `npm run paper-check` as a user would (npx tsx), collecting stderr and the exit code. */
function paperCheck(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn('npx', ['tsx', 'scripts/paper-check.ts', ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('npm run paper-check (scripts/paper-check.ts)', () => {
  test('--quick trains every arm once and writes one table row per claim', async () => {
    const out = join(dir, 'nested', 'paper-check.md');
    const { code, stderr } = await paperCheck(['--quick', '--jobs', '1', '--out', out]);
    expect(code, stderr).toBe(0);
    // Progress on stderr: each run announced and finished, with the elapsed time.
    const runs = Object.keys(ARMS).length; // every arm once: one seed, MNIST
    expect(stderr).toMatch(
      new RegExp(`\\[paper-check \\d+m\\d\\ds\\] run 1/${runs} .* mnist seed 1: started`),
    );
    expect(stderr).toMatch(new RegExp(`run ${runs}/${runs} .*: done in \\d+ s`));
    const md = readFileSync(out, 'utf8');
    // The table is prettier-formatted: cells are padded to their column's width.
    const claimsTable = md.slice(md.indexOf('## Claims'), md.indexOf('## Presets'));
    const rows = claimsTable.split('\n').filter((line) => /^\| (?!id\s|-)/.test(line));
    // Every preset an arm is built on is listed with its claims.
    const presets = md.slice(md.indexOf('## Presets'));
    expect(presets).toMatch(/\| kure-w4 +\| kure-kurtosis: no verdict/);
    expect(presets).toMatch(/\| bn-reestimate +\| — +\| bn-oscillation +\|/);
    expect(rows.map((row) => row.split('|')[1]!.trim())).toEqual(CLAIMS.map((c) => c.id));
    for (const row of rows) {
      expect(row).toMatch(/\| quick run: not a verdict\s*\| [a-z ]+\s*\|$/);
      expect(row).toMatch(/\*\*mnist\*\*, .*\(1 seed\)/);
      expect(row).not.toMatch(/NaN/);
    }
    expect(md).toContain('**quick run**');

    // Every finished run was saved: --resume trains nothing and writes the same table.
    const again = await paperCheck(['--quick', '--jobs', '1', '--out', out, '--resume']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).toMatch(new RegExp(`reusing ${runs} saved runs`));
    expect(again.stderr).not.toMatch(/started/);
    const table = (text: string) => text.split('\n').filter((line) => line.startsWith('| '));
    expect(table(readFileSync(out, 'utf8'))).toEqual(table(md));
  });

  test('bad arguments exit 2 before anything trains', async () => {
    const out = join(dir, 'never.md');
    const unknown = await paperCheck(['--quick', '--only', 'kure-ptq,no-such-claim', '--out', out]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown claim no-such-claim/);
    expect((await paperCheck(['--seeds', '0', '--out', out])).code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});
