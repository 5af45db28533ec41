import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { armRecipe } from '../../scripts/lib/paper-arms';
import { summarizeRun } from '../../scripts/lib/paper-record';
import { createPaperEngine } from '../../scripts/lib/paper-run';
import type { EngineEvent } from '../../src/engine/protocol';
import { encodeRecipe } from '../../src/settings/url-codec';

const ROOT = join(import.meta.dirname, '../..');

/** `npm run train` as a user runs it (npx tsx), on a lab link's query; its events, in order. */
async function trainCli(query: string): Promise<EngineEvent[]> {
  const out = join(mkdtempSync(join(tmpdir(), 'repro-')), 'run.jsonl');
  const child = spawn(
    'npx',
    ['tsx', 'scripts/train.ts', '--config', query, '--out', out, '--quiet'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  expect(code, stderr).toBe(0);
  return readFileSync(out, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const { t, ...event } = JSON.parse(line) as EngineEvent & { t: number };
      void t;
      return event as EngineEvent;
    });
}

/**
 * The events whose numbers do not depend on the clock: train metrics are also read every 0.25 s
 * and carry a speed, and phase messages can name times, so both are left out.
 */
const measured = (events: readonly EngineEvent[]): unknown =>
  // Through JSON, as the file holds them (-0 is written as 0).
  JSON.parse(
    JSON.stringify(events.filter((e) => e.type !== 'train-metrics' && e.type !== 'phase')),
  );

describe('the same recipe and seed give the same numbers through every Node path', () => {
  test('npm run train and the paper-check runner: identical events and record', async () => {
    // The W3 fine-tune arm, cut to a quick run: float pretraining, QAT, oscillation tracking
    // and BN re-estimation all take part.
    const recipe = armRecipe('w3', 'mnist', 2, true);
    const engine = createPaperEngine();
    const outcome = await engine.run({ recipe, sweeps: [] });
    await engine.destroy();
    if ('error' in outcome) throw new Error(outcome.error);
    const cli = await trainCli(encodeRecipe(recipe));
    expect(measured(cli)).toEqual(measured(outcome.events));
    expect(summarizeRun(cli, recipe)).toEqual(outcome.record);
    expect(outcome.record.bn).not.toBeNull();
  });
});
