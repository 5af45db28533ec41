import { useSweep } from '../../store/sweep/sweep-store';
import { etaSeconds, stepsPerSecond, sweepCounts } from '../../store/sweep/sweep-state';
import type { SweepController } from '../../store/sweep/sweep-controller';
import { countsText, durationText } from './sweep-progress-text';
import { useNow } from './use-now';

/**
 * The sweep's progress: a bar of runs done over planned, the counts in words, ETA and steps/s,
 * and Pause, Resume and Cancel (buttons, so keyboard and screen readers reach them).
 */
export function SweepProgress({ controller }: { controller: SweepController }) {
  const sweep = useSweep((s) => s.sweep);
  const now = useNow(sweep?.status === 'running' ? 1000 : null);
  if (!sweep) return null;
  const counts = sweepCounts(sweep);
  const running = sweep.status === 'running';
  const rate = running ? stepsPerSecond(sweep, now) : null;
  const eta = running ? etaSeconds(sweep, now) : null;
  return (
    <div
      className="sweep-progress"
      data-testid="sweep-progress"
      data-status={sweep.status}
      data-done={counts.done}
      data-total={counts.total}
      data-failed={counts.failed}
      data-diverged={counts.diverged}
    >
      <progress max={counts.total} value={counts.done} aria-label="Sweep progress" />
      <p aria-live="polite">{countsText(sweep.status, counts)}</p>
      {running && (
        <p className="hint-muted">
          {sweep.workers} worker{sweep.workers === 1 ? '' : 's'} · ETA{' '}
          {eta === null ? '–' : durationText(eta)} ·{' '}
          {rate === null ? '– steps/s' : `${rate.toFixed(1)} steps/s`}
        </p>
      )}
      {sweep.notice && (
        <p className="hint" role="status" data-testid="sweep-notice">
          {sweep.notice}
        </p>
      )}
      <div className="sweep-buttons">
        {running ? (
          <button type="button" onClick={() => controller.pause()}>
            Pause sweep
          </button>
        ) : (
          <button
            type="button"
            disabled={counts.missing === 0}
            onClick={() => controller.resume()}
            aria-label={`Resume sweep: train the ${counts.missing} missing runs`}
          >
            Resume sweep
          </button>
        )}
        <button
          type="button"
          disabled={!running && sweep.status !== 'paused'}
          onClick={() => controller.cancel()}
        >
          Cancel sweep
        </button>
      </div>
    </div>
  );
}
