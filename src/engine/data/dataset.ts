/** Names of the data sets the lab ships as offline assets under public/data/. */
export const DATASET_NAMES = ['mnist', 'fashion-mnist'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/** One split of an image-classification data set, pixels kept as raw bytes (0..255). */
export interface Split {
  /** Number of examples. */
  count: number;
  /** Row-major pixels, `count * rows * cols` bytes, 0 = background. */
  images: Uint8Array;
  /** Class index per example, each `< numClasses`. */
  labels: Uint8Array;
}

/** A decoded, validated data set asset. */
export interface Dataset {
  rows: number;
  cols: number;
  numClasses: number;
  train: Split;
  test: Split;
}

/** Where the browser fetches each asset from (relative to the app's base URL). */
export function assetPath(name: DatasetName): string {
  return `data/${name}.qlds`;
}
