import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { Dataset, DatasetName, Split } from '../../src/engine/data/dataset';
import { DatasetFormatError, encodeDataset } from '../../src/engine/data/dataset-format';
import { decodeAsset, fetchDataset, type FetchFn } from '../../src/engine/data/decode-asset';
import { loadAssetFromDisk } from '../helpers/load-asset';

const tiny: Dataset = {
  rows: 2,
  cols: 2,
  numClasses: 3,
  train: { count: 2, images: Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), labels: Uint8Array.of(0, 2) },
  test: { count: 1, images: Uint8Array.of(9, 10, 11, 12), labels: Uint8Array.of(1) },
};
const raw = encodeDataset(tiny);
const gz = new Uint8Array(gzipSync(raw));

function respond(body: Uint8Array | null, status = 200, statusText = 'OK'): FetchFn {
  return async () => new Response(body as Uint8Array<ArrayBuffer> | null, { status, statusText });
}

describe('decodeAsset', () => {
  it('decodes gzipped bytes, from a Uint8Array or an ArrayBuffer', async () => {
    expect(await decodeAsset(gz)).toEqual(tiny);
    expect(await decodeAsset(gz.slice().buffer)).toEqual(tiny);
  });

  it('decodes uncompressed bytes directly', async () => {
    expect(await decodeAsset(raw)).toEqual(tiny);
  });

  it('turns a corrupt gzip stream into a DatasetFormatError', async () => {
    const corrupt = gz.slice();
    corrupt.fill(0xff, 10, corrupt.length - 8);
    await expect(decodeAsset(corrupt)).rejects.toThrowError(DatasetFormatError);
    await expect(decodeAsset(corrupt)).rejects.toThrowError(/not valid gzip data/);
  });

  it('rejects truncated gzip data with a DatasetFormatError', async () => {
    await expect(decodeAsset(gz.subarray(0, gz.length - 12))).rejects.toThrowError(
      DatasetFormatError,
    );
  });

  it('reports format problems inside a valid gzip stream', async () => {
    const bad = raw.slice();
    bad[0] = 0;
    await expect(decodeAsset(gzipSync(bad))).rejects.toThrowError(/bad magic/);
  });
});

describe('fetchDataset', () => {
  it('fetches the asset relative to the base URL and decodes it', async () => {
    const urls: string[] = [];
    const fetchFn: FetchFn = async (url) => {
      urls.push(url);
      return respond(gz)(url);
    };
    expect(await fetchDataset('mnist', 'https://lab.test/app/', fetchFn)).toEqual(tiny);
    expect(urls).toEqual(['https://lab.test/app/data/mnist.qlds']);
  });

  it('names the data set and the HTTP status on failure', async () => {
    const notFound = respond(null, 404, 'Not Found');
    const err = await fetchDataset('mnist', 'https://lab.test/', notFound).catch((e) => e);
    expect(err).toBeInstanceOf(DatasetFormatError);
    expect(err.message).toMatch(/Could not load data set 'mnist' \(HTTP 404 Not Found/);
  });

  it('wraps network errors with a clear message', async () => {
    const offline: FetchFn = () => Promise.reject(new TypeError('fetch failed'));
    await expect(fetchDataset('fashion-mnist', 'https://lab.test/', offline)).rejects.toThrowError(
      /Could not load data set 'fashion-mnist'.*network error \(fetch failed\)/,
    );
  });

  it('names the data set when the downloaded asset is damaged', async () => {
    const junk = respond(Uint8Array.of(0x1f, 0x8b, 1, 2, 3));
    await expect(fetchDataset('mnist', 'https://lab.test/', junk)).rejects.toThrowError(
      /Data set 'mnist' is damaged: Asset is not valid gzip data/,
    );
  });
});

function classCounts(split: Split, numClasses: number): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (const label of split.labels) counts[label]++;
  return counts;
}

function meanPixel(split: Split): number {
  let sum = 0;
  for (const p of split.images) sum += p;
  return sum / split.images.length;
}

// Counts as built by scripts/build-data.ts.
const built: Record<DatasetName, { train: number; test: number }> = {
  mnist: { train: 8000, test: 2000 },
  'fashion-mnist': { train: 12000, test: 2000 },
};

describe.each(Object.entries(built))('committed asset %s', (name, counts) => {
  it('loads with the built counts, valid labels, all classes and plausible pixels', async () => {
    const ds = await loadAssetFromDisk(name as DatasetName);
    expect([ds.rows, ds.cols, ds.numClasses]).toEqual([28, 28, 10]);
    expect([ds.train.count, ds.test.count]).toEqual([counts.train, counts.test]);
    for (const split of [ds.train, ds.test]) {
      expect(split.labels.every((l) => l < 10)).toBe(true);
      expect(classCounts(split, 10).every((c) => c > 0)).toBe(true);
      const mean = meanPixel(split);
      expect(mean).toBeGreaterThan(10);
      expect(mean).toBeLessThan(200);
      // Shuffled, not in class blocks: the first 100 labels already span most classes.
      expect(new Set(split.labels.subarray(0, 100)).size).toBeGreaterThanOrEqual(8);
    }
  });
});

describe('committed Fashion-MNIST subset', () => {
  it('is exactly class-balanced', async () => {
    const ds = await loadAssetFromDisk('fashion-mnist');
    expect(classCounts(ds.train, 10)).toEqual(new Array(10).fill(1200));
    expect(classCounts(ds.test, 10)).toEqual(new Array(10).fill(200));
  });
});
