import { describe, expect, test } from 'vitest';
import { addSnapshot, MAX_SNAPSHOTS, noSnapshots } from '../../src/store/thin-snapshots';

/** Steps 10, 20, … added one by one, as a run's evaluations come. */
const addSteps = (count: number, max?: number) => {
  let s = noSnapshots<number>();
  for (let i = 1; i <= count; i++) s = addSnapshot(s, 10 * i, max);
  return s.items;
};

describe('snapshot thinning', () => {
  test('keeps everything up to the limit', () => {
    expect(addSteps(4, 4)).toEqual([10, 20, 30, 40]);
  });

  test('past the limit keeps every second, then every fourth…, and always the latest', () => {
    expect(addSteps(5, 4)).toEqual([10, 30, 50]);
    expect(addSteps(6, 4)).toEqual([10, 30, 50, 60]);
    expect(addSteps(7, 4)).toEqual([10, 30, 50, 70]);
    expect(addSteps(8, 4)).toEqual([10, 50, 80]);
    expect(addSteps(9, 4)).toEqual([10, 50, 90]);
  });

  test('a long run never holds more than MAX_SNAPSHOTS, evenly spread over the whole run', () => {
    const steps = addSteps(5000);
    expect(steps.length).toBeLessThanOrEqual(MAX_SNAPSHOTS);
    expect(steps.length).toBeGreaterThan(MAX_SNAPSHOTS / 2);
    expect([steps[0], steps.at(-1)]).toEqual([10, 50000]);
    const gaps = new Set(steps.slice(1, -1).map((s, i) => s - steps[i]!));
    expect(gaps.size).toBe(1); // one spacing, but for the latest
  });
});
