import { useEffect } from 'react';
import { replayRun } from '../../store/history/run-record';
import { useLab } from '../../store/lab-store';
import { loadPresetRecording } from '../../store/recordings/preset-recording';

/**
 * Load the view's preset's recorded run into the store whenever the view names another preset
 * (once per preset: a reload of the page fetches it again from the browser's cache). A missing
 * or bad file is kept as a failure the label shows; the lab works without it.
 */
export function usePresetRecording(): void {
  const preset = useLab((s) => s.view.preset);
  useEffect(() => {
    if (!preset || useLab.getState().recording?.presetId === preset) return;
    let cancelled = false;
    void loadPresetRecording(preset).then((result) => {
      if (cancelled) return;
      useLab
        .getState()
        .setRecording(
          result.ok
            ? { presetId: preset, header: result.recording.header, run: replayRun(result.record) }
            : { presetId: preset, error: result.error },
        );
    });
    return () => {
      cancelled = true;
    };
  }, [preset]);
}
