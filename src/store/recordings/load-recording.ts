/** Fetch a preset's recording from the site (no Node APIs: it runs in the lab). */
import { decodeRecording, type RecordingResult } from './decode-recording';

/** Where a preset's recording lies under the site's base URL (`public/recordings/`). */
export function recordingUrl(baseUrl: string, presetId: string): string {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return `${base}recordings/${encodeURIComponent(presetId)}.json.gz`;
}

/**
 * Fetch, decode and check the recording at `url`. Never throws: a network failure, a missing
 * file (an HTTP error, or a dev server's HTML page in its place) or a bad file gives
 * `{ok: false, error}` with the URL in the message.
 */
export async function fetchRecording(
  url: string,
  fetchFn: typeof fetch = fetch,
): Promise<RecordingResult> {
  let buffer: ArrayBuffer;
  try {
    const response = await fetchFn(url);
    if (!response.ok) return { ok: false, error: `${url}: HTTP ${response.status}` };
    buffer = await response.arrayBuffer();
  } catch (e) {
    return { ok: false, error: `${url}: ${e instanceof Error ? e.message : String(e)}` };
  }
  const result = await decodeRecording(buffer);
  return result.ok ? result : { ok: false, error: `${url}: ${result.error}` };
}
