/** Loads the committed data assets straight from disk, for Node scripts and tests (no dev server). */
import { readFile } from 'node:fs/promises';
import type { Dataset, DatasetName } from '../../src/engine/data/dataset';
import { decodeAsset } from '../../src/engine/data/decode-asset';

const DATA_DIR = new URL('../../public/data/', import.meta.url);

/** Reads `public/data/<name>.qlds` and decodes it exactly as the browser would. */
export async function loadAssetFromDisk(name: DatasetName): Promise<Dataset> {
  return decodeAsset(await readFile(new URL(`${name}.qlds`, DATA_DIR)));
}
