/**
 * Writes an exported PyTorch folder (issue 18): train.py, a copy of the lab's data asset, and
 * with `withState` the lab's initial weights and first batches. Everything goes to a temporary
 * sibling folder that is renamed into place at the end, so a failure leaves nothing half-written.
 */
import { copyFile, mkdir, readdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
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
import { trainScript, type PaperCitation } from '../../src/engine/export/torch/train-script';
import { tfjsRunParts } from '../../src/engine/run-parts';
import type { Recipe } from '../../src/settings/schema';
import { TECHNIQUE } from '../../src/settings/techniques';
import { TECHNIQUE_NOTES } from '../../src/ui/teaching/technique-notes';
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
  const script = trainScript(recipe, { papers: papersOf(recipe) });
  const out = resolve(request.out);
  await assertFreeTarget(out);
  const temp = `${out}.partial-${process.pid}`;
  await rm(temp, { recursive: true, force: true });
  try {
    const written = await writeAll(temp, script, request);
    if (existsSync(out)) await rmdir(out);
    await rename(temp, out);
    return written;
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    throw error;
  }
}

async function writeAll(dir: string, script: string, request: TorchExportRequest) {
  const data = `data/${request.recipe.dataset}.qlds`;
  await mkdir(join(dir, 'data'), { recursive: true });
  await writeFile(join(dir, 'train.py'), script, { mode: 0o755 });
  await copyFile(join(DATA_DIR, `${request.recipe.dataset}.qlds`), join(dir, data));
  const written = ['train.py', data];
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

/** The papers the teaching panels cite for the techniques `recipe` switches on. */
function papersOf(recipe: Recipe): PaperCitation[] {
  return TECHNIQUE_NOTES.filter((note) => TECHNIQUE[note.id].isOn(recipe)).flatMap(
    (note) => note.papers,
  );
}
