import { useId, useMemo } from 'react';
import { useLab } from '../../store/lab-store';
import type { SweepProblem } from '../../sweep/sweep-spec';
import { checkDraft } from '../../store/sweep/sweep-draft';
import { useSweep } from '../../store/sweep/sweep-store';
import { ProblemList } from './ProblemList';
import { SweepKnobSelect } from './SweepKnobSelect';
import { SweepSizeFields } from './SweepSizeFields';
import { SweepValuesField } from './SweepValuesField';

/**
 * The sweep form: knob, values, seeds, workers and the metric plotted first. Every problem is
 * listed next to its part, and Start stays disabled until none is left.
 */
export function SweepForm({
  defaultWorkers,
  onStart,
}: {
  defaultWorkers: number;
  onStart(): void;
}) {
  const id = useId();
  const draft = useSweep((s) => s.draft);
  const running = useSweep((s) => s.sweep?.status === 'running');
  const recipe = useLab((s) => s.recipe);
  const check = useMemo(() => checkDraft(draft, recipe), [draft, recipe]);
  const runs = check.spec.values.length * check.spec.seeds;
  const blocked = check.problems.length > 0 || check.workersProblem !== null;
  const problemsId = (part: string) => `${id}-${part}-problems`;
  const listed = (part: SweepProblem['part']) => (
    <ProblemList id={problemsId(part)} problems={check.problems} part={part} />
  );
  const sizeProblems = {
    seeds: problemsId('seeds'),
    workers: problemsId('workers'),
    metric: problemsId('metric'),
  };
  return (
    <form
      className="sweep-form"
      aria-label="Sweep settings"
      onSubmit={(e) => {
        e.preventDefault();
        if (!blocked) onStart();
      }}
    >
      <SweepKnobSelect describedBy={problemsId('knob')} />
      {listed('knob')}
      <SweepValuesField describedBy={problemsId('values')} />
      {listed('values')}
      <SweepSizeFields defaultWorkers={defaultWorkers} problems={sizeProblems} />
      {listed('seeds')}
      {listed('metric')}
      {check.workersProblem && (
        <p
          id={problemsId('workers')}
          className="sweep-problems"
          data-testid="sweep-problems-workers"
        >
          {check.workersProblem}
        </p>
      )}
      {listed('runs')}
      <p className="sweep-start">
        <button
          type="submit"
          className="primary"
          disabled={blocked}
          aria-describedby={problemsId('runs')}
        >
          Start sweep
        </button>{' '}
        <span className="hint-muted" data-testid="sweep-run-count">
          {Number.isFinite(runs) ? `${runs} runs` : ''}
          {running ? '; starting replaces the sweep that is running.' : ''}
        </span>
      </p>
    </form>
  );
}
