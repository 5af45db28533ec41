import { describe, expect, test } from 'vitest';
import { pickSnapshot } from '../../src/ui/inspector/timeline';

const steps = [0, 20, 40, 60];

describe("the inspector timeline's step from a link", () => {
  test('no step: the latest; a kept step: that one, without a notice', () => {
    expect(pickSnapshot(steps, undefined)).toEqual({ index: 3, notice: null });
    expect(pickSnapshot(steps, 40)).toEqual({ index: 2, notice: null });
  });

  test('a step between snapshots: the nearest (the earlier on a tie), with a notice', () => {
    expect(pickSnapshot(steps, 33)).toEqual({
      index: 2,
      notice: 'No histogram at step 33 (none was kept there); showing step 40.',
    });
    expect(pickSnapshot(steps, 30).index).toBe(1);
  });

  test('a step beyond the run: the last, and the notice says where the run ends', () => {
    expect(pickSnapshot(steps, 5000)).toEqual({
      index: 3,
      notice: "No histogram at step 5000 (this run's histograms end at step 60); showing step 60.",
    });
  });
});
