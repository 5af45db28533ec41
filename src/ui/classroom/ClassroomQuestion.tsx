import { questionFor } from '../../settings/preset-questions';
import { QuestionCard } from './QuestionCard';
import './classroom.css';

/** Props of {@link ClassroomQuestion}. */
export interface ClassroomQuestionProps {
  /** The preset whose question to ask (`settings/presets.ts` id); nothing renders without one. */
  presetId: string;
}

/**
 * Classroom mode's question for preset `presetId` (`settings/preset-questions.ts`): a prediction
 * locked in before Start (kept per preset across reloads), revealed with this run's evidence
 * once a run of the preset finished. Reads the run from the store; renders nothing for a preset
 * without a question.
 */
export function ClassroomQuestion({ presetId }: ClassroomQuestionProps) {
  const question = questionFor(presetId);
  return question ? <QuestionCard key={presetId} presetId={presetId} question={question} /> : null;
}
