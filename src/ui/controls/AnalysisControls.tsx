import { useLab } from '../../store/lab-store';
import { useEngineCommands } from '../engine-context';
import { IDLE_RUN_HINT, selectIdleRun } from './idle-run';

/** Post-training actions on the current weights; only between training bursts. */
export function AnalysisControls() {
  const commands = useEngineCommands();
  const idleRun = useLab(selectIdleRun);
  const bn = useLab((s) => s.run.bnReestimate);
  const title = idleRun ? undefined : IDLE_RUN_HINT;
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
