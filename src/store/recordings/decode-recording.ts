/**
 * Bytes of a recording file to a checked recording, in the browser or in Node (no Node APIs):
 * gzip is undone with `DecompressionStream` when the bytes start with the gzip magic (1f 8b),
 * else they are read as JSON text (a server may already have undone the gzip).
 */
import type { RunRecord } from '../history/run-record';
import { parseRecording, toRunRecord, type Recording } from './recording-format';

/** A recording read and checked, with its run record for `replayRun`; or why it could not be. */
export type RecordingResult =
  { ok: true; recording: Recording; record: RunRecord } | { ok: false; error: string };

/** Whether `bytes` start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

async function gunzip(buffer: ArrayBuffer): Promise<string> {
  const stream = new Blob([buffer]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Response(stream).text();
}

/** The text of a recording file's bytes, gzip or not. */
async function textOf(buffer: ArrayBuffer): Promise<string> {
  if (isGzip(new Uint8Array(buffer))) return gunzip(buffer);
  return new TextDecoder().decode(buffer);
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Decode and check a recording file's bytes; never throws, a bad file gives `ok: false`. */
export async function decodeRecording(buffer: ArrayBuffer): Promise<RecordingResult> {
  let text: string;
  try {
    text = await textOf(buffer);
  } catch (e) {
    return { ok: false, error: `cannot decompress (${message(e)})` };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { ok: false, error: `not JSON (starts with ${JSON.stringify(text.slice(0, 20))})` };
  }
  const parsed = parseRecording(data);
  if (!parsed.ok) return parsed;
  return { ok: true, recording: parsed.recording, record: toRunRecord(parsed.recording) };
}
