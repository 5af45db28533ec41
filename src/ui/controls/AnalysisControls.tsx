import { useLab } from '../../store/lab-store';
import { useEngineCommands } from '../engine-context';

/** Post-training actions on the current weights; only between training bursts. */
export function AnalysisControls() {
  const commands = useEngineCommands();
  // A diverged run is back at its last good weights, which can still be analysed.
  const idleRun = useLab(
    (s) =>
      s.run.recipe !== null &&
      (s.run.phase === 'paused' ||
        s.run.phase === 'finished' ||
        (s.run.phase === 'failed' && s.run.error?.kind === 'diverged')),
  );
  const bn = useLab((s) => s.run.bnReestimate);
  const title = idleRun ? undefined : 'Train, then pause or finish a run first';
  return (
    <div className="analysis-controls" role="group" aria-label="Analysis">
      <button type="button" onClick={() => commands?.runPtq()} disabled={!idleRun} title={title}>
        Run PTQ sweep now
      </button>
      <button type="button" onClick={commands?.reestimateBn} disabled={!idleRun} title={title}>
        Re-estimate BN statistics
      </button>
      {bn && (
        <p className="hint-muted" data-testid="bn-result">
          BN re-estimated on {bn.batches} batches at step {bn.step}: test accuracy{' '}
          {(100 * bn.before).toFixed(1)} % → {(100 * bn.after).toFixed(1)} %
        </p>
      )}
    </div>
  );
}
