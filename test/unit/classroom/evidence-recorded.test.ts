// Each preset's question reads evidence its own recorded run really holds (short runs of every
// preset, test/fixtures/recorded-streams.json), replayed through the store's reducer.
import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../../src/engine/protocol';
import { PRESET_QUESTIONS } from '../../../src/settings/preset-questions';
import { PRESETS, presetRecipe } from '../../../src/settings/presets';
import { applyEvent, initialRunState } from '../../../src/store/run-state';
import { evidenceFor } from '../../../src/ui/classroom/evidence';

const FIXTURE = new URL('../../fixtures/recorded-streams.json', import.meta.url);
const recorded = JSON.parse(readFileSync(FIXTURE, 'utf8')) as Record<string, EngineEvent[]>;

describe('evidence of each preset’s recorded run', () => {
  test.each(PRESETS.map((p) => [p.id, p] as const))('%s', (id, preset) => {
    const events = recorded[id]!.filter((e) => e.type !== 'weights');
    const run = events.reduce(applyEvent, { ...initialRunState(), recipe: presetRecipe(preset) });
    expect(run.phase).toBe('finished');
    const evidence = evidenceFor(PRESET_QUESTIONS[id]!.evidence, run);
    expect(evidence.value).not.toBeNull();
    expect(evidence.text).toContain('in this run');
  });
});
