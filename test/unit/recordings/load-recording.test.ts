import { gzipSync } from 'node:zlib';
import { describe, expect, test } from 'vitest';
import { decodeRecording, isGzip } from '../../../src/store/recordings/decode-recording';
import { fetchRecording, recordingUrl } from '../../../src/store/recordings/load-recording';
import { sampleRecording } from './synthetic-run';

const json = JSON.stringify(sampleRecording());
const gzipped = gzipSync(json);
/** The bytes as their own ArrayBuffer, as `Response.arrayBuffer()` gives them. */
const bufferOf = (bytes: Uint8Array): ArrayBuffer => new Uint8Array(bytes).buffer;
const plain = bufferOf(new TextEncoder().encode(json));

/** A fetch that answers every URL with `body` and `status`, recording the URLs asked for. */
function fakeFetch(body: ArrayBuffer | string, status = 200) {
  const urls: string[] = [];
  const fetchFn = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    return new Response(body, { status });
  }) as typeof fetch;
  return { fetchFn, urls };
}

describe('decodeRecording', () => {
  test('reads gzip and plain JSON alike', async () => {
    expect(isGzip(gzipped)).toBe(true);
    const fromGzip = await decodeRecording(bufferOf(gzipped));
    const fromPlain = await decodeRecording(plain);
    expect(fromGzip.ok).toBe(true);
    expect(fromPlain).toEqual(fromGzip);
    if (fromGzip.ok) {
      expect(fromGzip.recording.header.presetId).toBe('baseline');
      expect(fromGzip.record.events).toEqual(fromGzip.recording.events);
    }
  });

  test('a truncated gzip file is an error value, not a throw', async () => {
    const result = await decodeRecording(bufferOf(gzipped.subarray(0, gzipped.length / 2)));
    expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/decompress/) });
  });

  test('a page instead of a file is an error value', async () => {
    const html = bufferOf(new TextEncoder().encode('<!doctype html><html></html>'));
    expect(await decodeRecording(html)).toMatchObject({ ok: false, error: /not JSON/ });
  });

  test('JSON that is not a recording is an error value', async () => {
    const other = bufferOf(gzipSync(JSON.stringify({ hello: 1 })));
    expect(await decodeRecording(other)).toMatchObject({ ok: false, error: /not a recording/ });
  });
});

describe('fetchRecording', () => {
  test('the URL of a preset sits under the base URL', () => {
    expect(recordingUrl('/', 'kure-w4')).toBe('/recordings/kure-w4.json.gz');
    expect(recordingUrl('/quantlab', 'kure-w4')).toBe('/quantlab/recordings/kure-w4.json.gz');
  });

  test('fetches and decodes', async () => {
    const { fetchFn, urls } = fakeFetch(bufferOf(gzipped));
    const result = await fetchRecording('/recordings/baseline.json.gz', fetchFn);
    expect(result.ok).toBe(true);
    expect(urls).toEqual(['/recordings/baseline.json.gz']);
  });

  test('a missing file names the URL and the status', async () => {
    const { fetchFn } = fakeFetch('', 404);
    expect(await fetchRecording('/recordings/x.json.gz', fetchFn)).toEqual({
      ok: false,
      error: '/recordings/x.json.gz: HTTP 404',
    });
  });

  test('a network failure is an error value', async () => {
    const failing = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await fetchRecording('/r.json.gz', failing)).toEqual({
      ok: false,
      error: '/r.json.gz: Failed to fetch',
    });
  });

  test('a corrupt file names the URL', async () => {
    const { fetchFn } = fakeFetch(bufferOf(new Uint8Array([0x1f, 0x8b, 1, 2, 3])));
    const result = await fetchRecording('/recordings/bad.json.gz', fetchFn);
    expect(result).toMatchObject({ ok: false, error: /^\/recordings\/bad\.json\.gz: / });
  });
});
