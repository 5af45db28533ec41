/** Where a link's `at=` lands among a run's kept snapshot steps. Pure. */
export interface TimelinePick {
  /** Index of the snapshot shown. */
  index: number;
  /** Why it is not the asked step (a notice), or null when it is, or none was asked. */
  notice: string | null;
}

/**
 * The snapshot to show among `steps` (ascending, non-empty): the latest when `at` is absent, the
 * one at step `at`, else the nearest (the earlier on a tie) with a notice naming both steps.
 */
export function pickSnapshot(steps: readonly number[], at: number | undefined): TimelinePick {
  const last = steps.length - 1;
  if (at === undefined) return { index: last, notice: null };
  let index = 0;
  steps.forEach((s, i) => {
    if (Math.abs(s - at) < Math.abs(steps[index]! - at)) index = i;
  });
  if (steps[index] === at) return { index, notice: null };
  const where =
    at > steps[last]! ? `this run's histograms end at step ${steps[last]}` : 'none was kept there';
  return { index, notice: `No histogram at step ${at} (${where}); showing step ${steps[index]}.` };
}
