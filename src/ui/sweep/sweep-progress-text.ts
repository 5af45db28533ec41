/** Plain words for a sweep's progress line. Pure. */
import type { SweepCounts, SweepStatus } from '../../store/sweep/sweep-state';

/** A duration as "45 s", "3 min" or "1 h 20 min". */
export function durationText(seconds: number): string {
  if (seconds < 60) return `${Math.max(1, Math.round(seconds))} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

const STATUS_TEXT: Record<SweepStatus, string> = {
  running: 'Running',
  paused: 'Paused',
  done: 'Done',
  cancelled: 'Cancelled',
};

/** "Running: 3 of 8 runs done, 1 diverged, 1 failed." */
export function countsText(status: SweepStatus, counts: SweepCounts): string {
  const extra = [
    counts.diverged > 0 ? `${counts.diverged} diverged` : '',
    counts.failed > 0 ? `${counts.failed} failed` : '',
  ].filter(Boolean);
  const left =
    status !== 'running' && counts.missing > 0 ? `; ${counts.missing} left to run (Resume)` : '';
  const tail = extra.length > 0 ? `, ${extra.join(', ')}` : '';
  return `${STATUS_TEXT[status]}: ${counts.done} of ${counts.total} runs done${tail}${left}.`;
}
