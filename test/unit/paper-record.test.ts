import { describe, expect, test } from 'vitest';
import { summarizeRun } from '../../scripts/lib/paper-record';
import type { EngineEvent } from '../../src/engine/protocol';
import { defaultRecipe } from '../../src/settings/schema';
import { techniqueEvent } from '../helpers/technique-event';

/** An oscillation report of one layer with `events` per weight so far. */
const report = (step: number, events: number): EngineEvent =>
  techniqueEvent('oscillation', step, [
    ['block1/dw', { frequency: 0.01, oscillating: 0.1, frozen: 0.2, events }],
  ]) as EngineEvent;

describe('a paper-check run record', () => {
  test('oscillations are counted over the last quarter of the fine-tune, per weight per step', () => {
    // Two stages: 100 pretraining steps, then 400 fine-tune steps (run steps 100..500).
    const recipe = { ...defaultRecipe(), pretrainSteps: 100, steps: 400 };
    // The window starts at the first report at or after run step 100 + 0.75 * 400 = 400.
    const events = [report(200, 1), report(350, 2), report(400, 3), report(450, 4), report(500, 5)];
    const [layer] = summarizeRun(events, recipe).oscillation;
    expect(layer).toEqual({ name: 'block1/dw', frequency: 0.01, lateRate: 2 / 100, frozen: 0.2 });
  });

  test('no report inside the window: the rate is NaN, never a number from elsewhere', () => {
    const recipe = { ...defaultRecipe(), steps: 400 };
    const [layer] = summarizeRun([report(100, 1), report(200, 2)], recipe).oscillation;
    expect(layer!.lateRate).toBeNaN();
  });
});
