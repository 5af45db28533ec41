import { useMemo } from 'react';
import { recipeOf, useLab } from '../../store/lab-store';
import { twinRecipe } from '../../settings/twin-codec';
import { recipeProblems } from '../../settings/validate-recipe';
import { sameRecipe } from '../../settings/schema';
import { useEngineCommands } from '../engine-context';

/** Start / pause / resume / step / reset, enabled by the run's phase. */
export function RunControls() {
  const commands = useEngineCommands();
  const phase = useLab((s) => s.run.phase);
  const dataBroken = useLab((s) => s.run.error?.kind === 'data');
  const settingsMatchRun = useLab(
    (s) =>
      s.run.recipe !== null &&
      sameRecipe(s.run.recipe, s.recipe) &&
      (!s.twin.on || (s.runB.recipe !== null && sameRecipe(s.runB.recipe, recipeOf(s, 'b')))),
  );
  const recipe = useLab((s) => s.recipe);
  const twin = useLab((s) => s.twin);
  const problems = useMemo(() => {
    const twinProblems = twin.on ? recipeProblems(twinRecipe(recipe, twin)) : [];
    return [...recipeProblems(recipe), ...twinProblems.map((p) => `Twin B: ${p}`)];
  }, [recipe, twin]);
  const busy = phase === 'running' || phase === 'loading';
  const canResume = phase === 'paused' && settingsMatchRun;
  const blocked = !commands || dataBroken || problems.length > 0;
  const blockedReason = !commands
    ? 'The training worker is starting'
    : dataBroken
      ? 'The data set failed to load'
      : problems.join(' ');
  return (
    <div className="run-controls" role="group" aria-label="Run controls">
      {canResume ? (
        <button type="button" onClick={commands?.resume} disabled={blocked}>
          Resume
        </button>
      ) : (
        <button
          type="button"
          className="primary"
          onClick={commands?.start}
          disabled={blocked || busy}
          title={
            blocked
              ? blockedReason
              : busy
                ? 'Already training'
                : 'Train a fresh model with these settings'
          }
        >
          Start
        </button>
      )}
      <button type="button" onClick={commands?.pause} disabled={!commands || phase !== 'running'}>
        Pause
      </button>
      <button
        type="button"
        onClick={commands?.stepOnce}
        disabled={blocked || busy}
        title="Run exactly one training step"
      >
        Step
      </button>
      <button type="button" onClick={commands?.reset} disabled={!commands || phase === 'loading'}>
        Reset
      </button>
      {problems.length > 0 && (
        <ul className="hint" data-testid="recipe-problems" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      {phase === 'paused' && !settingsMatchRun && (
        <p className="hint">Settings changed: Start begins a new run.</p>
      )}
    </div>
  );
}
