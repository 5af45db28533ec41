import { useEffect, useRef, useState, type RefObject } from 'react';
import type { PresetQuestion } from '../../settings/preset-questions';
import { useLab } from '../../store/lab-store';
import { runAnswers, stageOf, type ClassroomStage } from './classroom-state';
import { useLockedAnswer } from './use-locked-answer';

/** A question card's state and actions ({@link useQuestionState}). */
export interface QuestionState {
  stage: ClassroomStage;
  /** The checked choice, or null. */
  selected: number | null;
  /** The locked-in choice (kept across reloads), or null. */
  locked: number | null;
  /** The lab's run finished, but it did not train this preset's recipe. */
  otherRunFinished: boolean;
  /** The sentence that confirms a lock: focused once the lock button is gone. */
  lockedNote: RefObject<HTMLParagraphElement | null>;
  select(index: number): void;
  lock(): void;
  askAgain(): void;
}

/**
 * Preset `presetId`'s question state over the lab's run A: the choice, the lock (localStorage),
 * and "Ask again", which hides the finished run's reveal until a new run ends. Read once per
 * preset: key the caller by `presetId`.
 */
export function useQuestionState(presetId: string, question: PresetQuestion): QuestionState {
  const phase = useLab((s) => s.run.phase);
  const runMatches = useLab((s) => runAnswers(s.run.recipe, presetId));
  const [locked, setLocked] = useLockedAnswer(presetId, question.choices.length);
  const [selected, setSelected] = useState(locked);
  const [askedAgain, setAskedAgain] = useState(false);
  const [seenPhase, setSeenPhase] = useState(phase);
  if (phase !== seenPhase) {
    // A new run (any phase but finished) ends the "asked again" of the previous one.
    setSeenPhase(phase);
    if (phase !== 'finished') setAskedAgain(false);
  }
  const lockedNote = useRef<HTMLParagraphElement>(null);
  const [justLocked, setJustLocked] = useState(false);
  useEffect(() => {
    if (justLocked) lockedNote.current?.focus();
  }, [justLocked]);
  return {
    stage: stageOf(phase, { locked, askedAgain, runMatches }),
    selected,
    locked,
    otherRunFinished: phase === 'finished' && !runMatches,
    lockedNote,
    select: setSelected,
    lock: () => {
      setLocked(selected);
      setJustLocked(true);
    },
    askAgain: () => {
      setJustLocked(false);
      setLocked(null);
      setSelected(null);
      setAskedAgain(true);
    },
  };
}
