import { describe, expect, test } from 'vitest';
import { parseRecordArgs } from '../../../scripts/lib/record-args';
import { groupByPretraining } from '../../../scripts/lib/record-preset';
import { PRESETS } from '../../../src/settings/presets';

describe('npm run record-presets arguments', () => {
  test('records every preset into public/recordings by default', () => {
    expect(parseRecordArgs([])).toEqual({
      kind: 'run',
      args: { presets: PRESETS, out: 'public/recordings' },
    });
  });

  test('--only, --steps and --out', () => {
    const parsed = parseRecordArgs(['--only', 'kure-w4,baseline', '--steps', '30', '--out', 'x']);
    expect(parsed.kind).toBe('run');
    if (parsed.kind !== 'run') return;
    expect(parsed.args.presets.map((p) => p.id)).toEqual(['kure-w4', 'baseline']);
    expect(parsed.args).toMatchObject({ steps: 30, out: 'x' });
  });

  test('an unknown preset, a bad step count or flag is an error that says so', () => {
    const parsed = parseRecordArgs(['--only', 'nope', '--steps', '0', '--what', '1', '--out']);
    expect(parsed.kind).toBe('invalid');
    if (parsed.kind !== 'invalid') return;
    expect(parsed.errors).toEqual([
      expect.stringMatching(/no preset 'nope'/),
      expect.stringMatching(/--steps: '0'/),
      'unknown argument --what',
      '--out needs a value',
    ]);
  });
});

describe('groupByPretraining', () => {
  test('the W3 fine-tunes share one engine; every other preset trains alone', () => {
    const groups = groupByPretraining(PRESETS).map((g) => g.map((p) => p.id));
    expect(groups).toContainEqual([
      'oscillations-w3',
      'dampening-w3',
      'freezing-w3',
      'bn-reestimate',
    ]);
    expect(groups.flat().sort()).toEqual(PRESETS.map((p) => p.id).sort());
    expect(groups).toHaveLength(PRESETS.length - 3);
  });
});
