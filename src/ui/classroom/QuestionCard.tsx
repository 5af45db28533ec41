import { useId } from 'react';
import type { PresetQuestion } from '../../settings/preset-questions';
import { ChoiceForm } from './ChoiceForm';
import { ClassroomReveal } from './ClassroomReveal';
import { useQuestionState } from './use-question-state';

interface QuestionCardProps {
  presetId: string;
  question: PresetQuestion;
}

/**
 * One preset's question: choose and lock in before the run, the reveal (in a status region) once
 * a run of the preset finished, and "Ask again" to start over. Key it by `presetId`: the locked
 * answer is read from storage once.
 */
export function QuestionCard({ presetId, question }: QuestionCardProps) {
  const headingId = useId();
  const { stage, selected, locked, otherRunFinished, lockedNote, select, lock, askAgain } =
    useQuestionState(presetId, question);
  return (
    <section className="classroom" aria-labelledby={headingId} data-testid="classroom-question">
      <h2 id={headingId}>{stage === 'revealed' ? 'What this run showed' : 'Predict first'}</h2>
      {stage !== 'revealed' && (
        <ChoiceForm
          question={question}
          name={`classroom-${presetId}`}
          selected={selected}
          locked={stage === 'locked'}
          onSelect={select}
          onLock={lock}
        />
      )}
      {stage === 'locked' && (
        <p className="hint-muted" ref={lockedNote} tabIndex={-1}>
          Locked in. Start the run: the answer shows when it finishes.
        </p>
      )}
      {otherRunFinished && (
        <p className="hint-muted">
          The finished run is not this demo’s recipe (up to seed and data set): start the demo to
          see the answer.
        </p>
      )}
      <div role="status">
        {stage === 'revealed' && <ClassroomReveal question={question} locked={locked} />}
      </div>
      {stage !== 'asking' && (
        <button type="button" onClick={askAgain} data-testid="classroom-ask-again">
          Ask again
        </button>
      )}
    </section>
  );
}
