import { describe, expect, test } from 'vitest';
import { PRESET_QUESTIONS } from '../../../src/settings/preset-questions';
import { findPreset, presetRecipe } from '../../../src/settings/presets';
import {
  parseStoredChoice,
  runAnswers,
  stageOf,
  storageKey,
  verdictOf,
  type AnswerState,
} from '../../../src/ui/classroom/classroom-state';

const kure = presetRecipe(findPreset('kure-w4')!);
const state = (over: Partial<AnswerState> = {}): AnswerState => ({
  locked: null,
  askedAgain: false,
  runMatches: true,
  ...over,
});

describe('classroom stage', () => {
  test('asks until an answer is locked in, then waits for the run', () => {
    expect(stageOf('idle', state())).toBe('asking');
    expect(stageOf('running', state())).toBe('asking');
    expect(stageOf('idle', state({ locked: 2 }))).toBe('locked');
    expect(stageOf('paused', state({ locked: 0 }))).toBe('locked');
    expect(stageOf('failed', state({ locked: 0 }))).toBe('locked');
  });

  test('reveals once a run of the preset finished, locked or not', () => {
    expect(stageOf('finished', state({ locked: 1 }))).toBe('revealed');
    expect(stageOf('finished', state())).toBe('revealed');
  });

  test('does not reveal for another recipe’s run, nor after "Ask again"', () => {
    expect(stageOf('finished', state({ locked: 1, runMatches: false }))).toBe('locked');
    expect(stageOf('finished', state({ askedAgain: true }))).toBe('asking');
  });
});

describe('which run answers a question', () => {
  test('the preset’s recipe, up to seed, data set and backend', () => {
    expect(runAnswers(kure, 'kure-w4')).toBe(true);
    const classVariant = {
      ...kure,
      seed: 7,
      dataset: 'fashion-mnist' as const,
      backend: 'cpu' as const,
    };
    expect(runAnswers(classVariant, 'kure-w4')).toBe(true);
  });

  test('not another preset’s recipe, a changed technique setting, nor no run', () => {
    expect(runAnswers(kure, 'baseline')).toBe(false);
    expect(runAnswers(presetRecipe(findPreset('baseline')!), 'kure-w4')).toBe(false);
    expect(runAnswers({ ...kure, kureWeight: 0.1 }, 'kure-w4')).toBe(false);
    expect(runAnswers(null, 'kure-w4')).toBe(false);
    expect(runAnswers(kure, 'no-such-preset')).toBe(false);
  });
});

describe('verdict and stored answer', () => {
  const q = PRESET_QUESTIONS['kure-w4']!;

  test('right, wrong, or none locked in', () => {
    expect(verdictOf(q, q.answer)).toBe('right');
    expect(verdictOf(q, (q.answer + 1) % q.choices.length)).toBe('wrong');
    expect(verdictOf(q, null)).toBe('none');
  });

  test('a stored choice reads back only as an index among the choices', () => {
    expect(storageKey('kure-w4')).toBe('quantlab.classroom.kure-w4');
    expect(parseStoredChoice('2', 4)).toBe(2);
    expect(parseStoredChoice('0', 3)).toBe(0);
    expect(parseStoredChoice('4', 4)).toBeNull();
    expect(parseStoredChoice('-1', 4)).toBeNull();
    expect(parseStoredChoice('1.5', 4)).toBeNull();
    expect(parseStoredChoice('', 4)).toBeNull();
    expect(parseStoredChoice(null, 4)).toBeNull();
  });
});
