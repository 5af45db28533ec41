import type { FormEvent } from 'react';
import type { PresetQuestion } from '../../settings/preset-questions';

interface ChoiceFormProps {
  question: PresetQuestion;
  /** Name of the radio group, unique on the page. */
  name: string;
  /** The checked choice (the locked one once locked), or null. */
  selected: number | null;
  /** Whether an answer is locked in: the choices are then read-only until "Ask again". */
  locked: boolean;
  onSelect(index: number): void;
  onLock(): void;
}

/**
 * The question as a radio group (a fieldset whose legend is the prompt: arrow keys move between
 * choices) and the "Lock in my answer" button, which needs a choice.
 */
export function ChoiceForm({
  question,
  name,
  selected,
  locked,
  onSelect,
  onLock,
}: ChoiceFormProps) {
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (selected !== null && !locked) onLock();
  };
  return (
    <form className="classroom-form" onSubmit={submit}>
      <fieldset className="classroom-choices" disabled={locked}>
        <legend>{question.prompt}</legend>
        {question.choices.map((choice, i) => (
          <label key={choice} className="classroom-choice">
            <input
              type="radio"
              name={name}
              value={i}
              checked={selected === i}
              onChange={() => onSelect(i)}
            />
            <span>{choice}</span>
          </label>
        ))}
      </fieldset>
      {!locked && (
        <button type="submit" disabled={selected === null} data-testid="classroom-lock">
          Lock in my answer
        </button>
      )}
    </form>
  );
}
