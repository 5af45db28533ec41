/**
 * Classroom mode's pure parts: which stage a question is in, whether the locked answer was right,
 * which finished run answers it, and how the locked answer is stored.
 */
import { findPreset, presetRecipe } from '../../settings/presets';
import type { PresetQuestion } from '../../settings/preset-questions';
import { SETTING_KEYS, type Recipe, type SettingKey } from '../../settings/schema';
import type { RunState } from '../../store/run-state';

/** 'asking': choose and lock in; 'locked': wait for the run; 'revealed': the answer is shown. */
export type ClassroomStage = 'asking' | 'locked' | 'revealed';

/** Whether the locked answer was the measured one, or that none was locked in. */
export type Verdict = 'right' | 'wrong' | 'none';

/** What the question card remembers besides the run. */
export interface AnswerState {
  /** Index of the locked-in choice, or null. */
  locked: number | null;
  /** "Ask again" was pressed after this finished run: hide its reveal until a new run ends. */
  askedAgain: boolean;
  /** The finished run belongs to the question's preset ({@link runAnswers}). */
  runMatches: boolean;
}

/** Settings a class may change without changing the demo: the run still answers its question. */
const FREE_KEYS: ReadonlySet<SettingKey> = new Set<SettingKey>(['seed', 'dataset', 'backend']);

/**
 * Whether a run with `recipe` answers preset `presetId`'s question: it trained the preset's
 * recipe, up to the seed, data set and backend (a class may change those).
 */
export function runAnswers(recipe: Recipe | null, presetId: string): boolean {
  const preset = findPreset(presetId);
  if (!recipe || !preset) return false;
  const expected = presetRecipe(preset);
  return SETTING_KEYS.every((key) => FREE_KEYS.has(key) || recipe[key] === expected[key]);
}

/** The question's stage: revealed once a run of its preset finished, unless asked again since. */
export function stageOf(phase: RunState['phase'], state: AnswerState): ClassroomStage {
  if (phase === 'finished' && state.runMatches && !state.askedAgain) return 'revealed';
  return state.locked === null ? 'asking' : 'locked';
}

/** Whether `locked` is the question's measured answer, or 'none' when nothing was locked in. */
export function verdictOf(question: PresetQuestion, locked: number | null): Verdict {
  if (locked === null) return 'none';
  return locked === question.answer ? 'right' : 'wrong';
}

/** The localStorage key of a preset's locked answer: a viewing choice, not in the URL. */
export const storageKey = (presetId: string): string => `quantlab.classroom.${presetId}`;

/** A stored locked answer back as a choice index, or null when absent or not one of `count`. */
export function parseStoredChoice(raw: string | null, count: number): number | null {
  if (raw === null || !/^\d+$/.test(raw)) return null;
  const index = Number(raw);
  return index < count ? index : null;
}
