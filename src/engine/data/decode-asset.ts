/**
 * Turns asset bytes (gzipped or not) into a validated Dataset, and fetches assets by name.
 * Uses only web-standard APIs (DecompressionStream, Blob, Response, fetch) so the same code
 * runs in a Web Worker, on the page, and in Node 18+.
 */
import { assetPath, type Dataset, type DatasetName } from './dataset';
import { DatasetFormatError, parseDataset } from './dataset-format';

/** The part of `fetch` that fetchDataset needs; injectable so tests need no network. */
export type FetchFn = (url: string) => Promise<Response>;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

async function gunzip(bytes: Uint8Array): Promise<Uint8Array> {
  try {
    // Blob.stream() + pipeThrough keeps every promise owned by the pipe, so a corrupt stream
    // surfaces once, here, instead of also as an unhandled rejection from a manual writer.
    // Assets come from fetch or a file read, never from a SharedArrayBuffer, so the cast holds.
    const blob = new Blob([bytes as Uint8Array<ArrayBuffer>]);
    const stream = blob.stream().pipeThrough(new DecompressionStream('gzip'));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  } catch (err) {
    throw new DatasetFormatError(`Asset is not valid gzip data: ${describe(err)}`, { cause: err });
  }
}

/**
 * Decodes an asset: gunzips it if it starts with the gzip magic bytes, then parses and
 * validates it. Uncompressed assets are accepted too (handy for tests and tools).
 *
 * @throws DatasetFormatError for corrupt gzip data or an invalid asset.
 */
export async function decodeAsset(buffer: ArrayBuffer | Uint8Array): Promise<Dataset> {
  const bytes = buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer);
  return parseDataset(isGzip(bytes) ? await gunzip(bytes) : bytes);
}

async function download(name: DatasetName, url: string, fetchFn: FetchFn): Promise<ArrayBuffer> {
  let response: Response;
  try {
    response = await fetchFn(url);
  } catch (err) {
    throw new DatasetFormatError(
      `Could not load data set '${name}' from ${url}: network error (${describe(err)})`,
      { cause: err },
    );
  }
  if (!response.ok) {
    const status = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    throw new DatasetFormatError(`Could not load data set '${name}' (${status} from ${url})`);
  }
  try {
    return await response.arrayBuffer();
  } catch (err) {
    throw new DatasetFormatError(
      `Could not load data set '${name}' from ${url}: download interrupted (${describe(err)})`,
      { cause: err },
    );
  }
}

/**
 * Fetches and decodes the named asset relative to `baseUrl` (the app's base URL).
 *
 * @throws DatasetFormatError naming the data set for HTTP, network and format failures.
 */
export async function fetchDataset(
  name: DatasetName,
  baseUrl: string,
  // Wrapped rather than `= fetch` so it is never called with a foreign `this` in a worker.
  fetchFn: FetchFn = (url) => fetch(url),
): Promise<Dataset> {
  const url = new URL(assetPath(name), baseUrl).href;
  const buffer = await download(name, url, fetchFn);
  try {
    return await decodeAsset(buffer);
  } catch (err) {
    if (!(err instanceof DatasetFormatError)) throw err;
    throw new DatasetFormatError(`Data set '${name}' is damaged: ${err.message}`, { cause: err });
  }
}
