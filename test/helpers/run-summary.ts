import type { RunSummary } from '../../src/sweep/run-summary';

/** A run summary with only what a test sets; everything else unreported. */
export function runSummary(over: Partial<RunSummary> = {}): RunSummary {
  return {
    testAccuracy: NaN,
    ptq: null,
    sweeps: {},
    layers: [],
    oscillation: [],
    bn: null,
    diverged: null,
    ...over,
  };
}
