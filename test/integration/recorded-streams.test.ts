// Behaviour guard for refactors: the same recipe and seed give the same event stream as recorded.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { recordedRecipes, recordStream } from '../helpers/recorded-streams';

const FIXTURE = new URL('../fixtures/recorded-streams.json', import.meta.url);
const update = process.env.UPDATE_STREAMS === '1';
const recorded: Record<string, unknown> =
  !update && existsSync(FIXTURE) ? JSON.parse(readFileSync(FIXTURE, 'utf8')) : {};
const fresh: Record<string, unknown> = {};

describe('recorded event streams', () => {
  for (const [name, recipe] of Object.entries(recordedRecipes())) {
    test(`${name}: the same events as recorded`, async () => {
      const events = JSON.parse(JSON.stringify(await recordStream(recipe)));
      fresh[name] = events;
      if (update) {
        writeFileSync(FIXTURE, `${JSON.stringify(fresh)}\n`);
        return;
      }
      expect(events).toEqual(recorded[name]);
    });
  }
});
