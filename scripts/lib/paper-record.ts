/**
 * A paper-check run's record is the run summary every headless and lab consumer reads
 * (src/sweep/run-summary.ts); the old names stay for the paper-check modules.
 */
export {
  LATE_WINDOW_START,
  summarizeRun,
  sweepRecord,
  type EventOf,
  type OscillationRecord,
  type RunSummary as RunRecord,
  type SweepRecord,
} from '../../src/sweep/run-summary';
