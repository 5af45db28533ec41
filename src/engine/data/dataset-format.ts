/**
 * The ".qlds" data asset format, version 1: a 32-byte little-endian header followed by
 * train pixels, train labels, test pixels, test labels (all u8). On disk the whole thing is
 * gzipped; this module only deals with the uncompressed bytes so it stays pure (no DOM, no
 * Node APIs) and can run in the worker, the page and Node tests alike.
 */
import type { Dataset, Split } from './dataset';

/** Thrown for any asset that cannot be loaded; `message` is meant to be shown to the user. */
export class DatasetFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatasetFormatError';
  }
}

/** Size of the fixed header in bytes. */
export const HEADER_BYTES = 32;
/** The only version this build can read or write. */
export const FORMAT_VERSION = 1;
const MAGIC = [0x51, 0x4c, 0x44, 0x53]; // "QLDS"
const MAX_SIDE = 256;
// Labels are stored as u8, so more than 256 classes cannot be represented.
const MAX_CLASSES = 256;

interface Header {
  nTrain: number;
  nTest: number;
  rows: number;
  cols: number;
  numClasses: number;
}

/** Formats a byte count with thousands separators, locale-independent so messages are stable. */
function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

function fail(message: string): never {
  throw new DatasetFormatError(message);
}

function checkRange(what: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    fail(`Asset ${what} ${value} is out of range ${min}..${max}`);
  }
}

function checkShape(h: Header): void {
  if (h.nTrain === 0) fail('Asset has zero training examples');
  if (h.nTest === 0) fail('Asset has zero test examples');
  checkRange('rows', h.rows, 1, MAX_SIDE);
  checkRange('cols', h.cols, 1, MAX_SIDE);
  checkRange('class count', h.numClasses, 1, MAX_CLASSES);
}

/** Total uncompressed size of an asset with this header. */
function expectedBytes(h: Header): number {
  // Plain doubles: even the largest u32 counts times 256*256+1 stay far below 2^53.
  return HEADER_BYTES + (h.nTrain + h.nTest) * (h.rows * h.cols + 1);
}

function readHeader(bytes: Uint8Array): Header {
  if (bytes.length < HEADER_BYTES) {
    fail(`Asset is truncated: expected at least ${HEADER_BYTES} header bytes, got ${bytes.length}`);
  }
  if (MAGIC.some((b, i) => bytes[i] !== b)) fail('Not a QuantLab data asset (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint16(4, true);
  if (version !== FORMAT_VERSION) fail(`Unsupported asset version ${version}`);
  if (view.getUint16(6, true) !== 0 || bytes.subarray(24, HEADER_BYTES).some((b) => b !== 0)) {
    fail('Asset header has non-zero reserved bytes');
  }
  const channels = view.getUint16(20, true);
  if (channels !== 1) fail(`Unsupported channel count ${channels} (only grayscale is supported)`);
  const header: Header = {
    nTrain: view.getUint32(8, true),
    nTest: view.getUint32(12, true),
    rows: view.getUint16(16, true),
    cols: view.getUint16(18, true),
    numClasses: view.getUint16(22, true),
  };
  checkShape(header);
  return header;
}

function checkLabels(labels: Uint8Array, numClasses: number, split: string): void {
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] >= numClasses) {
      fail(`Label ${labels[i]} at ${split} example ${i} is out of range 0..${numClasses - 1}`);
    }
  }
}

/**
 * Parses and validates uncompressed asset bytes. The returned splits are views into `bytes`
 * (no copies), so the caller must not reuse the buffer afterwards.
 *
 * @throws DatasetFormatError describing the first problem found.
 */
export function parseDataset(bytes: Uint8Array): Dataset {
  const h = readHeader(bytes);
  const expected = expectedBytes(h);
  if (bytes.length < expected) {
    fail(`Asset is truncated: expected ${fmt(expected)} bytes, got ${fmt(bytes.length)}`);
  }
  if (bytes.length > expected) {
    fail(`Asset has ${fmt(bytes.length - expected)} unexpected trailing bytes`);
  }
  const pixels = h.rows * h.cols;
  let offset = HEADER_BYTES;
  const take = (n: number): Uint8Array => bytes.subarray(offset, (offset += n));
  const train: Split = { count: h.nTrain, images: take(h.nTrain * pixels), labels: take(h.nTrain) };
  const test: Split = { count: h.nTest, images: take(h.nTest * pixels), labels: take(h.nTest) };
  checkLabels(train.labels, h.numClasses, 'train');
  checkLabels(test.labels, h.numClasses, 'test');
  return { rows: h.rows, cols: h.cols, numClasses: h.numClasses, train, test };
}

function checkSplit(split: Split, pixels: number, name: string): void {
  if (split.images.length !== split.count * pixels || split.labels.length !== split.count) {
    fail(`The ${name} split's arrays do not match its count ${split.count}`);
  }
}

/**
 * Serialises a data set to uncompressed asset bytes (the build script gzips them).
 *
 * @throws DatasetFormatError if the data set is inconsistent or not representable.
 */
export function encodeDataset(ds: Dataset): Uint8Array {
  const { rows, cols, numClasses } = ds;
  const h: Header = { nTrain: ds.train.count, nTest: ds.test.count, rows, cols, numClasses };
  checkShape(h);
  checkRange('train count', h.nTrain, 1, 0xffffffff);
  checkRange('test count', h.nTest, 1, 0xffffffff);
  checkSplit(ds.train, h.rows * h.cols, 'train');
  checkSplit(ds.test, h.rows * h.cols, 'test');
  checkLabels(ds.train.labels, h.numClasses, 'train');
  checkLabels(ds.test.labels, h.numClasses, 'test');

  const out = new Uint8Array(expectedBytes(h));
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint16(4, FORMAT_VERSION, true);
  view.setUint32(8, h.nTrain, true);
  view.setUint32(12, h.nTest, true);
  view.setUint16(16, h.rows, true);
  view.setUint16(18, h.cols, true);
  view.setUint16(20, 1, true);
  view.setUint16(22, h.numClasses, true);
  let offset = HEADER_BYTES;
  for (const part of [ds.train.images, ds.train.labels, ds.test.images, ds.test.labels]) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
