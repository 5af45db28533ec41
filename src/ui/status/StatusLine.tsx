import { runSteps, stageTitle } from '../../settings/pretrain';
import { useLab } from '../../store/lab-store';
import type { RunState } from '../../store/run-state';
import { latestPercentText } from '../charts/series/common';

const last = (values: number[]) => values[values.length - 1];

/** Bytes as MB with one decimal (10^6 bytes, as browsers' task managers show). */
const megabytes = (bytes: number) => (bytes / 1e6).toFixed(1);

/**
 * Phase (and the stage of a two-stage run), step counter with a progress bar over the whole run,
 * speed, and the latest losses and accuracies.
 */
export function StatusLine() {
  const run = useLab((s) => s.run);
  const total = useLab((s) => runSteps(s.run.recipe ?? s.recipe));
  const stage = run.stages[run.stages.length - 1];
  const loss = last(run.trainLoss.value);
  const tensors = last(run.memory.numTensors);
  const bytes = last(run.memory.numBytes);
  return (
    <div
      className="status"
      data-testid="status"
      data-phase={run.phase}
      data-step={run.step}
      data-tensors={tensors}
    >
      <p className="status-message" aria-live="polite">
        {run.message}
      </p>
      {stage && (
        <p className="status-stage" data-testid="stage">
          {stageTitle(stage.stage)}
        </p>
      )}
      <progress max={total} value={run.step} aria-label="Training progress" />
      <dl className="status-figures">
        <dt>Step</dt>
        <dd data-testid="step">
          {run.step} / {total}
        </dd>
        <dt>Speed</dt>
        <dd>{run.stepsPerSecond === null ? '–' : `${run.stepsPerSecond.toFixed(2)} steps/s`}</dd>
        <dt>Train loss</dt>
        <dd>{loss === undefined ? '–' : loss.toFixed(4)}</dd>
        <dt>Test accuracy</dt>
        {/* With its step: test accuracy comes every `evalEvery` steps, so it may be stale. */}
        <dd data-testid="test-accuracy">{testAccuracyText(run)}</dd>
        <dt>Memory</dt>
        <dd>{tensors === undefined ? '–' : `${tensors} tensors, ${megabytes(bytes!)} MB`}</dd>
      </dl>
      {run.dataset && (
        <p className="status-data">
          {run.dataset.trainCount.toLocaleString('en')} training /{' '}
          {run.dataset.testCount.toLocaleString('en')} test images
        </p>
      )}
    </div>
  );
}

/** '10.4 % (step 0)', or '10.4 % (step 0, 500 images)' for a test on a subset. */
function testAccuracyText(run: RunState): string {
  const text = latestPercentText(run.testAccuracy);
  return run.testImages === null ? text : text.replace(/\)$/, `, ${run.testImages} images)`);
}
