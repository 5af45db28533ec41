/**
 * Writes an exported PyTorch folder (issue 18): train.py, a copy of the lab's data asset, and
 * with `withState` the lab's initial weights and first batches. Everything goes to a temporary
 * sibling folder that is renamed into place at the end, so a failure leaves nothing half-written.
 */
import { mkdir, readFile, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { uploadDataset, disposeSplit } from '../../src/engine/data/device-data';
import {
  labBatches,
  labCalibrationBatch,
  labVariables,
} from '../../src/engine/export/torch/lab-state';
import { STATE_DIR, stateFiles } from '../../src/engine/export/torch/state-files';
import { torchBundle } from '../../src/engine/export/torch/bundle';
import { tfjsRunParts } from '../../src/engine/run-parts';
import type { Recipe } from '../../src/settings/schema';
import { TECHNIQUE } from '../../src/settings/techniques';
import { papersOf } from '../../src/ui/teaching/technique-papers';
import { loadAssetFromDisk } from './load-asset';
import { nodeEnv } from './node-env';

/** What to export, and where. */
export interface TorchExportRequest {
  recipe: Recipe;
  /** Folder to create; it must not exist, or be empty. */
  out: string;
  /** Also write the lab's initial variables and first batches (`state/`). */
  withState: boolean;
  /** How many of the lab's first batches to write with the state (default 1). */
  stateBatches?: number;
}

const DATA_DIR = fileURLToPath(new URL('../../public/data/', import.meta.url));

/** A bad request (the message is one line for the user), as opposed to a crash. */
export class ExportRequestError extends Error {
  override name = 'ExportRequestError';
}

/** Export `request.recipe`; returns the paths written, relative to `out`. */
export async function writeTorchExport(request: TorchExportRequest): Promise<string[]> {
  const { recipe } = request;
  const dataAsset = await readFile(join(DATA_DIR, `${recipe.dataset}.qlds`));
  const bundle = torchBundle(recipe, papersOf(recipe), dataAsset);
  const out = resolve(request.out);
  await assertFreeTarget(out);
  const temp = `${out}.partial-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  try {
    const written = await writeAll(temp, bundle, request);
    if (existsSync(out)) await rmdir(out);
    await rename(temp, out);
    return written;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function writeAll(dir: string, bundle: Map<string, Uint8Array>, request: TorchExportRequest) {
  const written: string[] = [];
  for (const [path, bytes] of bundle) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), bytes, { mode: path.endsWith('.py') ? 0o755 : 0o644 });
    written.push(path);
  }
  if (!request.withState) return written;
  const files = await labState(request.recipe, request.stateBatches ?? 1);
  await mkdir(join(dir, STATE_DIR));
  for (const [name, bytes] of files) {
    await writeFile(join(dir, STATE_DIR, name), bytes);
    written.push(`${STATE_DIR}/${name}`);
  }
  return written;
}

/** The lab's initial model for `recipe` (as a run builds it) and its first batches, as files. */
async function labState(recipe: Recipe, batches: number) {
  await nodeEnv.selectBackend('cpu');
  nodeEnv.onBackendActive?.('cpu');
  const dataset = await loadAssetFromDisk(recipe.dataset);
  const { train, test } = uploadDataset(dataset);
  const data = { train, test, numClasses: dataset.numClasses, imageSize: dataset.rows };
  const model = tfjsRunParts.createModel(recipe, data);
  try {
    const variables = await labVariables(model);
    const first = await labBatches(train, recipe.batchSize, recipe.seed, batches);
    // QAT initialises its activation quantizers on the lab's calibration batch.
    const calibration = TECHNIQUE.qat.isOn(recipe)
      ? await labCalibrationBatch(train, recipe.batchSize)
      : undefined;
    return stateFiles(variables, first, calibration);
  } finally {
    model.dispose();
    disposeSplit(train);
    disposeSplit(test);
  }
}

async function assertFreeTarget(out: string): Promise<void> {
  if (!existsSync(dirname(out)))
    throw new ExportRequestError(`--out ${out}: no such parent folder`);
  if (existsSync(out) && (await readdir(out)).length > 0) {
    throw new ExportRequestError(`--out ${out}: exists and is not empty; choose a new folder`);
  }
}
