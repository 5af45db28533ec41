import { describe, expect, test } from 'vitest';
import { findPreset, presetRecipe } from '../../src/settings/presets';
import { defaultRecipe } from '../../src/settings/schema';
import { NO_TWIN } from '../../src/settings/twin-codec';
import { shownRecording, type ShownRecording } from '../../src/store/recording';
import { initialRunState } from '../../src/store/run-state';
import type { RecordingHeader } from '../../src/store/recordings/recording-format';

const kure = findPreset('kure-w4')!;
const recording: ShownRecording = {
  presetId: kure.id,
  header: { presetId: kure.id } as RecordingHeader,
  run: initialRunState(),
};
const demo = { preset: kure.id, layout: 'demo' as const, classroom: false };
const state = {
  recording,
  view: demo,
  recipe: presetRecipe(kure),
  twin: NO_TWIN,
  run: initialRunState(),
};

describe('shownRecording', () => {
  test("the view's preset's recording shows while the recipe is the preset's", () => {
    expect(shownRecording(state)).toBe(recording);
    // A forced backend is not a change of recipe.
    expect(shownRecording({ ...state, recipe: { ...state.recipe, backend: 'cpu' } })).toBe(
      recording,
    );
  });

  test('hidden once a setting differs, while the twin trains, or for another preset', () => {
    expect(shownRecording({ ...state, recipe: { ...state.recipe, kureWeight: 0.1 } })).toBeNull();
    expect(shownRecording({ ...state, twin: { on: true, overrides: {} } })).toBeNull();
    expect(shownRecording({ ...state, view: { ...demo, preset: 'baseline' } })).toBeNull();
    expect(shownRecording({ ...state, recipe: defaultRecipe() })).toBeNull();
  });

  test('a failed load shows nothing', () => {
    expect(shownRecording({ ...state, recording: { presetId: kure.id, error: 'HTTP 404' } })).toBe(
      null,
    );
  });

  test('in classroom mode it waits for the live run to finish, so it cannot give the answer away', () => {
    const classroom = { ...state, view: { ...demo, classroom: true } };
    expect(shownRecording(classroom)).toBeNull();
    const finished = { ...initialRunState(), phase: 'finished' as const };
    expect(shownRecording({ ...classroom, run: finished })).toBe(recording);
  });
});
