import { create } from 'zustand';
import type { EngineEvent } from '../engine/protocol';
import { defaultRecipe, type SettingKey, type Recipe } from '../settings/schema';
import { NO_TWIN, twinRecipe, type Twin } from '../settings/twin-codec';
import { loadPreset, matchingPreset, type Preset } from '../settings/presets';
import { LAB_VIEW, type View } from '../settings/view-codec';
import type { RecordingFailure, ShownRecording } from './recording';
import { withoutExtraCurves } from './ptq-curves';
import { applyEvent, clearedMetrics, initialRunState, type RunState } from './run-state';

/** Which of the A/B twin runs a command or event belongs to ('a' is the lab's own run). */
export type Slot = 'a' | 'b';

/** The store key holding each slot's run. */
export const RUN_KEY = { a: 'run', b: 'runB' } as const satisfies Record<Slot, keyof LabState>;

/** The one store: `settings` and `twin` (mirrored to the URL), and one run per slot. */
export interface LabState {
  /** Recipe A, the lab's own. */
  recipe: Recipe;
  /** The A/B twin: whether B trains beside A, and where B's recipe differs from A's. */
  twin: Twin;
  /** How the page shows the recipe: the demo it came from, the layout, classroom mode (URL). */
  view: View;
  /** Problems found while reading the URL, shown in a dismissible notice. */
  notices: string[];
  /** Run A, built from its engine's events. */
  run: RunState;
  /** Run B (the twin), built from the second engine's events; idle while the twin is off. */
  runB: RunState;
  /**
   * The view's preset's recorded run (`npm run record-presets`), or why it could not be loaded;
   * the plots draw it under the live run while `shownRecording` says so (store/recording.ts).
   */
  recording: ShownRecording | RecordingFailure | null;
  setRecording(recording: ShownRecording | RecordingFailure | null): void;
  /** The speed trial's progress or verdict for the badge ('' when none ran this visit). */
  speedTrial: string;
  setSpeedTrial(text: string): void;
  setSetting<K extends SettingKey>(key: K, value: Recipe[K]): void;
  /**
   * Replace recipe A (and the twin when given; otherwise B keeps its differences) and the view
   * when given; otherwise the view names the preset the new recipe equals, if any.
   */
  replaceRecipe(recipe: Recipe, notices?: string[], twin?: Twin, view?: View): void;
  /** Load a preset (keeping the forced backend) and show its demo. */
  openPreset(preset: Preset): void;
  setView(view: View): void;
  setTwin(twin: Twin): void;
  dismissNotices(): void;
  /** Record that a new run with `recipe` was requested: its metrics start empty. */
  beginRun(recipe: Recipe, slot?: Slot): void;
  /** Forget the run (after a reset). */
  clearRun(slot?: Slot): void;
  applyEngineEvent(event: EngineEvent, slot?: Slot): void;
  /** Dismiss the run's error once its cause is dealt with (e.g. a crashed worker restarted). */
  clearError(slot?: Slot): void;
  /** Drop the re-quantized PTQ curves of both runs, keeping each run's own quantizer's. */
  clearPtqCurves(): void;
}

export const useLab = create<LabState>()((set) => ({
  recipe: defaultRecipe(),
  twin: NO_TWIN,
  view: LAB_VIEW,
  notices: [],
  run: initialRunState(),
  runB: initialRunState(),
  recording: null,
  setRecording: (recording) => set({ recording }),
  speedTrial: '',
  setSpeedTrial: (speedTrial) => set({ speedTrial }),
  setSetting: (key, value) => set((s) => ({ recipe: { ...s.recipe, [key]: value } })),
  replaceRecipe: (recipe, notices = [], twin, view) =>
    set((s) => ({ recipe, notices, twin: twin ?? s.twin, view: view ?? relabel(s.view, recipe) })),
  openPreset: (preset) =>
    set((s) => ({
      recipe: loadPreset(preset, s.recipe),
      view: { ...s.view, preset: preset.id, layout: 'demo' },
    })),
  setView: (view) => set({ view }),
  setTwin: (twin) => set({ twin }),
  dismissNotices: () => set({ notices: [] }),
  beginRun: (recipe, slot = 'a') =>
    set((s) => ({ [RUN_KEY[slot]]: { ...s[RUN_KEY[slot]], ...clearedMetrics(), recipe } })),
  clearRun: (slot = 'a') =>
    set((s) => ({ [RUN_KEY[slot]]: { ...s[RUN_KEY[slot]], ...clearedMetrics(), recipe: null } })),
  applyEngineEvent: (event, slot = 'a') =>
    set((s) => ({ [RUN_KEY[slot]]: applyEvent(s[RUN_KEY[slot]], event) })),
  clearError: (slot = 'a') =>
    set((s) => ({ [RUN_KEY[slot]]: { ...s[RUN_KEY[slot]], error: null } })),
  clearPtqCurves: () =>
    set((s) => ({
      run: { ...s.run, ...withoutExtraCurves(s.run, s.run.recipe) },
      runB: { ...s.runB, ...withoutExtraCurves(s.runB, s.runB.recipe) },
    })),
}));

/** Recipe B as the store holds it: A with the twin's differences. */
export function recipeOf(state: Pick<LabState, 'recipe' | 'twin'>, slot: Slot): Recipe {
  return slot === 'a' ? state.recipe : twinRecipe(state.recipe, state.twin);
}

/**
 * The view after the whole recipe was replaced (defaults, a stored run): it names the preset the
 * recipe equals, if any, and falls back to the full lab when there is no demo to show.
 */
function relabel(view: View, recipe: Recipe): View {
  const preset = matchingPreset(recipe)?.id ?? null;
  return { ...view, preset, layout: preset ? view.layout : 'lab' };
}
