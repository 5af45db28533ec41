/** The lab's entry to a preset's recorded run (uses Vite's base URL, so only the app imports it). */
import type { RecordingResult } from './decode-recording';
import { fetchRecording, recordingUrl } from './load-recording';

/**
 * Load the recording `npm run record-presets` made of preset `presetId`, from
 * `${BASE_URL}recordings/<presetId>.json.gz`. Resolves to `{ok: true, recording, record}`, where
 * `replayRun(record)` gives the run state to show, or `{ok: false, error}`; it never rejects.
 */
export function loadPresetRecording(
  presetId: string,
  fetchFn: typeof fetch = fetch,
): Promise<RecordingResult> {
  return fetchRecording(recordingUrl(import.meta.env.BASE_URL, presetId), fetchFn);
}
