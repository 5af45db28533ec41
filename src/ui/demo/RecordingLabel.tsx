import { findPreset, isPresetRecipe } from '../../settings/presets';
import { useLab, type LabState } from '../../store/lab-store';
import { shownRecording } from '../../store/recording';

/** What the label says about the view's preset's recording, in one line. */
function recordingText(s: LabState): { text: string; shown: boolean } | null {
  const { recording, view } = s;
  if (!view.preset || !recording || recording.presetId !== view.preset) return null;
  if (!('run' in recording)) return { text: `No recorded run: ${recording.error}`, shown: false };
  const shown = shownRecording(s);
  if (shown) {
    const { seed, backend, steps, recordedAt } = shown.header;
    const day = recordedAt.slice(0, 10);
    const text =
      `Recorded run (dashed): seed ${seed}, ${backend}, ${steps} steps, ${day}. ` +
      'Start trains live over it.';
    return { text, shown: true };
  }
  const preset = findPreset(view.preset);
  if (preset && !isPresetRecipe(preset, s.recipe)) {
    return { text: 'Recorded run hidden: the settings differ from the demo’s.', shown: false };
  }
  if (s.twin.on) return { text: 'Recorded run hidden while twin B trains.', shown: false };
  return { text: 'Classroom: the recorded run appears once your run has finished.', shown: false };
}

/** One line on the recorded run the plots show under the live one, or why it is not shown. */
export function RecordingLabel() {
  const label = useLab((s) => recordingText(s)?.text ?? null);
  const shown = useLab((s) => shownRecording(s) !== null);
  if (!label) return null;
  return (
    <p className="recording-label" data-testid="recording-label" data-shown={shown}>
      {label}
    </p>
  );
}
