import { findPreset, isPresetRecipe } from '../settings/presets';
import type { LabState } from './lab-store';
import type { RunState } from './run-state';
import type { RecordingHeader } from './recordings/recording-format';

/** A preset's recorded run as the lab holds it: the run state its events replay to. */
export interface ShownRecording {
  presetId: string;
  header: RecordingHeader;
  run: RunState;
}

/** Why a preset's recording could not be shown (missing file, bad format), for the label. */
export interface RecordingFailure {
  presetId: string;
  error: string;
}

/**
 * The recording the plots draw under the live run, or null: the view's preset's recording,
 * while the recipe is still that preset (up to the backend) and the A/B twin is off. In
 * classroom mode it waits until the live run has finished, so it cannot give the answer away.
 */
export function shownRecording(
  s: Pick<LabState, 'recording' | 'view' | 'recipe' | 'twin' | 'run'>,
): ShownRecording | null {
  const { recording, view } = s;
  if (!recording || !('run' in recording)) return null;
  if (s.twin.on || recording.presetId !== view.preset) return null;
  const preset = findPreset(recording.presetId);
  if (!preset || !isPresetRecipe(preset, s.recipe)) return null;
  if (view.classroom && s.run.phase !== 'finished') return null;
  return recording;
}
