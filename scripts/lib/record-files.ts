/** Recording files: gzip of the recording's JSON, one per preset, `<preset-id>.json.gz`. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Recording } from '../../src/store/recordings/recording-format';

/** Where `npm run record-presets` writes by default, relative to the repository root. */
export const DEFAULT_RECORDINGS_DIR = 'public/recordings';

/** The file name of a preset's recording. */
export const recordingFileName = (presetId: string): string => `${presetId}.json.gz`;

/** The bytes of a recording file: its JSON, gzip at the best compression. */
export function encodeRecording(recording: Recording): Buffer {
  return gzipSync(JSON.stringify(recording), { level: 9 });
}

/** Write `recording` into `dir` (made if missing); resolves to the path and its size in bytes. */
export async function writeRecording(
  dir: string,
  recording: Recording,
): Promise<{ path: string; bytes: number }> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, recordingFileName(recording.header.presetId));
  const data = encodeRecording(recording);
  await writeFile(path, data);
  return { path, bytes: data.length };
}
