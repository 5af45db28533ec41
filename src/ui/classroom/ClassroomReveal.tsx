import { useMemo } from 'react';
import type { PresetQuestion } from '../../settings/preset-questions';
import { useLab } from '../../store/lab-store';
import { verdictOf, type Verdict } from './classroom-state';
import { evidenceFor } from './evidence';

interface ClassroomRevealProps {
  question: PresetQuestion;
  /** The locked-in choice, or null when none was locked in. */
  locked: number | null;
}

const VERDICT_TEXT: Record<Verdict, (choice: string) => string> = {
  right: (choice) => `You locked in “${choice}”: that is what this lab measured.`,
  wrong: (choice) => `You locked in “${choice}”: not what this lab measured.`,
  none: () => 'No answer was locked in.',
};

/**
 * The answer after the run finished: whether the locked answer was right, the measured answer,
 * why, and the evidence from the finished run (`evidenceFor` over the lab's run A).
 */
export function ClassroomReveal({ question, locked }: ClassroomRevealProps) {
  const run = useLab((s) => s.run);
  const evidence = useMemo(() => evidenceFor(question.evidence, run), [question.evidence, run]);
  const verdict = verdictOf(question, locked);
  const lockedChoice = locked === null ? '' : (question.choices[locked] ?? '');
  return (
    <div className={`classroom-reveal verdict-${verdict}`} data-testid="classroom-reveal">
      <p className="classroom-verdict">{VERDICT_TEXT[verdict](lockedChoice)}</p>
      <p>
        <strong>Answer:</strong> {question.choices[question.answer]}
      </p>
      <p>{question.explanation}</p>
      <p
        className={evidence.value === null ? 'classroom-evidence hint-muted' : 'classroom-evidence'}
      >
        <strong>{evidence.value === null ? 'Evidence:' : 'In this run:'}</strong> {evidence.text}
      </p>
    </div>
  );
}
