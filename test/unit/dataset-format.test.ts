import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/engine/data/dataset';
import {
  DatasetFormatError,
  encodeDataset,
  HEADER_BYTES,
  parseDataset,
} from '../../src/engine/data/dataset-format';

/** A tiny 3x2 data set with recognisable bytes everywhere. */
function synthetic(): Dataset {
  return {
    rows: 3,
    cols: 2,
    numClasses: 4,
    train: {
      count: 3,
      images: Uint8Array.from({ length: 18 }, (_, i) => (i * 17) % 256),
      labels: Uint8Array.of(0, 3, 1),
    },
    test: {
      count: 2,
      images: Uint8Array.from({ length: 12 }, (_, i) => 255 - i),
      labels: Uint8Array.of(2, 3),
    },
  };
}

function encoded(): Uint8Array {
  return encodeDataset(synthetic());
}

/** Overwrites a little-endian field of a copy of the encoded bytes. */
function patched(offset: number, value: number, bytes = 2): Uint8Array {
  const out = encoded();
  const view = new DataView(out.buffer);
  if (bytes === 2) view.setUint16(offset, value, true);
  else view.setUint32(offset, value, true);
  return out;
}

function expectError(bytes: Uint8Array, message: RegExp): void {
  expect(() => parseDataset(bytes)).toThrowError(DatasetFormatError);
  expect(() => parseDataset(bytes)).toThrowError(message);
}

describe('encodeDataset / parseDataset', () => {
  it('round-trips a synthetic data set exactly', () => {
    const bytes = encoded();
    expect(bytes.length).toBe(HEADER_BYTES + 5 * (6 + 1));
    expect(new TextDecoder().decode(bytes.subarray(0, 4))).toBe('QLDS');
    expect(parseDataset(bytes)).toEqual(synthetic());
  });

  it('parses from a view with a non-zero byte offset without copying', () => {
    const inner = encoded();
    const outer = new Uint8Array(inner.length + 7);
    outer.set(inner, 7);
    const ds = parseDataset(outer.subarray(7));
    expect(ds).toEqual(synthetic());
    expect(ds.train.images.buffer).toBe(outer.buffer);
  });

  it('rejects a bad magic', () => {
    const bytes = encoded();
    bytes[0] = 0x50;
    expectError(bytes, /bad magic/);
  });

  it('rejects an unsupported version', () => {
    expectError(patched(4, 7), /Unsupported asset version 7/);
  });

  it('rejects non-zero reserved bytes and a channel count other than 1', () => {
    expectError(patched(6, 1), /reserved/);
    expectError(patched(20, 3), /channel count 3/);
  });

  it('rejects a truncated asset with the expected and actual sizes', () => {
    expectError(encoded().subarray(0, 40), /truncated: expected 67 bytes, got 40/);
    expectError(encoded().subarray(0, 10), /truncated/);
  });

  it('formats large sizes with thousands separators', () => {
    // 32 header bytes + (1,000,000 + 2) examples * (6 pixels + 1 label).
    expectError(patched(8, 1_000_000, 4), /expected 7,000,046 bytes, got 67/);
  });

  it('rejects trailing bytes', () => {
    const bytes = new Uint8Array(encoded().length + 3);
    bytes.set(encoded());
    expectError(bytes, /3 unexpected trailing bytes/);
  });

  it('rejects an out-of-range label, naming the split and example', () => {
    const bytes = encoded();
    bytes[HEADER_BYTES + 18 + 1] = 12; // second train label
    expectError(bytes, /Label 12 at train example 1 is out of range 0\.\.3/);
    const test = encoded();
    test[test.length - 1] = 4;
    expectError(test, /Label 4 at test example 1/);
  });

  it('rejects zero example counts', () => {
    expectError(patched(8, 0, 4), /zero training examples/);
    expectError(patched(12, 0, 4), /zero test examples/);
  });

  it('rejects impossible shapes', () => {
    expectError(patched(16, 0), /rows 0 is out of range 1\.\.256/);
    expectError(patched(18, 300), /cols 300 is out of range/);
    expectError(patched(22, 0), /class count 0/);
  });

  it('refuses to encode inconsistent data', () => {
    const ds = synthetic();
    ds.train.count = 4;
    expect(() => encodeDataset(ds)).toThrowError(DatasetFormatError);
    const badLabel = synthetic();
    badLabel.test.labels[0] = 9;
    expect(() => encodeDataset(badLabel)).toThrowError(/Label 9 at test example 0/);
  });
});
