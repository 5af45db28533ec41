import { recipeSummary, type RunSummary } from '../../store/history/run-record';
import { formatAccuracy, formatRunDate } from './format';

/** A run's start time, recipe summary and final test accuracy (and its phase if unfinished). */
export function RunMeta({ run }: { run: RunSummary }) {
  return (
    <span className="run-meta">
      <time dateTime={new Date(run.createdAt).toISOString()}>{formatRunDate(run.createdAt)}</time>
      {' · '}
      {recipeSummary(run.recipe)}
      {' · '}
      <span data-testid="run-accuracy">test accuracy {formatAccuracy(run.finalTestAccuracy)}</span>
      {run.phase !== 'finished' && ` · ${run.phase} at step ${run.step}`}
    </span>
  );
}
