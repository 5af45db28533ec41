/**
 * Both sides of the PyTorch cross-check (issue 18): the lab's loss, terms and gradients at step 1
 * and its losses over N steps, and the exported train.py's `--check` answer for the same state.
 */
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { addAll } from '../../src/core/add-all';
import type { DeviceData } from '../../src/engine/backend-data';
import {
  labCalibrationBatch,
  labVariables,
  namedVariables,
} from '../../src/engine/export/torch/lab-state';
import {
  STATE_DIR,
  stateFiles,
  type NamedArray,
  type StateBatch,
} from '../../src/engine/export/torch/state-files';
import { trainScript } from '../../src/engine/export/torch/train-script';
import { copyWeights } from '../../src/engine/models/copy-weights';
import type { Model } from '../../src/engine/models/model';
import { tfjsRunParts } from '../../src/engine/run-parts';
import { composeHooks, createTechniques } from '../../src/engine/techniques';
import { isQatTechnique } from '../../src/engine/techniques/qat';
import type { Technique } from '../../src/engine/techniques/technique';
import { calibrateTechniques, createSession } from '../../src/engine/training/session';
import { LSQ_PLUS_CONFIGS, type LsqPlusConfig } from '../../src/core/lsq/lsq-plus';
import type { Recipe } from '../../src/settings/schema';
import { TECHNIQUE } from '../../src/settings/techniques';
import { PYTHONS } from '../../scripts/lib/torch-peer';

/** One side's answer: step 1's total loss, terms and gradients (lab layouts), N steps' losses. */
export interface CheckResult {
  loss: number;
  terms: Record<string, number>;
  grads: Record<string, number[]>;
  steps: { loss: number; terms: Record<string, number> }[];
  /** With float pretraining: each stage-1 step's loss and terms. */
  pretrain?: { loss: number; terms: Record<string, number> }[];
  /** After the steps (train.py): QAT's learned steps, the oscillation statistics per layer. */
  oscillation?: {
    name: string;
    frozen: number;
    frozenCount: number;
    weights: number;
    frequency: number;
  }[];
}

/** The first python that imports torch, or throws saying how CI installs it. */
export function torchPython(): string {
  for (const python of new Set(PYTHONS)) {
    const probe = spawnSync(python, ['-c', 'import torch'], { encoding: 'utf8' });
    if (probe.status === 0) return python;
  }
  throw new Error(
    `no python3 with torch (tried ${[...new Set(PYTHONS)].join(', ')}): apt-get install -y python3-torch`,
  );
}

/** Export `recipe`'s train.py with the lab's initial state and `batches` into `dir`. */
export async function exportWithState(
  dir: string,
  recipe: Recipe,
  data: DeviceData,
  batches: readonly StateBatch[],
): Promise<void> {
  mkdirSync(join(dir, STATE_DIR), { recursive: true });
  writeFileSync(join(dir, 'train.py'), trainScript(recipe));
  const model = tfjsRunParts.createModel(recipe, data);
  const calibration = TECHNIQUE.qat.isOn(recipe)
    ? await labCalibrationBatch(data.train, recipe.batchSize)
    : undefined;
  const files = stateFiles(await labVariables(model), batches, calibration);
  model.dispose();
  for (const [name, bytes] of files) writeFileSync(join(dir, STATE_DIR, name), bytes);
}

/** Room for the gradients of every variable on stdout (ResNet-tiny's: about 2 MB of JSON). */
const maxBuffer = 64 * 1024 * 1024;

/** Run the exported script's cross-check mode over `steps` steps. */
export function pythonCheck(python: string, dir: string, steps: number): CheckResult {
  const args = ['train.py', '--state', STATE_DIR, '--check', '--steps', String(steps)];
  const run = spawnSync(python, args, { cwd: dir, encoding: 'utf8', timeout: 120_000, maxBuffer });
  if (run.status !== 0) throw new Error(`train.py --check failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as CheckResult;
}

/**
 * A copy of export folder `dir` (train.py and its state) at `dir`-perturbed whose initial kernels
 * are each multiplied by 1 + relative * u, u uniform in [-1, 1] from a fixed LCG: train.py run on
 * it shows how far its own trajectory moves under rounding-sized changes (the noise floor of a
 * cross-check). Returns the copy's folder.
 */
export function perturbedCopy(dir: string, relative: number): string {
  const out = `${dir}-perturbed`;
  cpSync(dir, out, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(out, STATE_DIR, 'manifest.json'), 'utf8')) as {
    tensors: { name: string; file: string }[];
  };
  let seed = 12345;
  const uniform = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return (seed / 2 ** 32) * 2 - 1;
  };
  for (const { file } of manifest.tensors.filter((t) => t.name.endsWith('/kernel'))) {
    const path = join(out, STATE_DIR, file);
    const bytes = readFileSync(path);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i < bytes.byteLength; i += 4) {
      view.setFloat32(i, view.getFloat32(i, true) * (1 + relative * uniform()), true);
    }
    writeFileSync(path, bytes);
  }
  return out;
}

/**
 * The lab's step-1 loss, terms and gradients, built as session.ts's step builds them, from
 * `from`'s weights when given (else the recipe's fresh ones).
 */
export async function labFirstStep(
  recipe: Recipe,
  data: DeviceData,
  batch: StateBatch,
  from?: Model,
): Promise<Omit<CheckResult, 'steps'>> {
  const model = tfjsRunParts.createModel(recipe, data);
  if (from) copyWeights(from, model); // e.g. a float pretraining's weights
  const techniques = createTechniques(model, recipe);
  // As a session starts: QAT sees its calibration batch, then initialises its quantizers.
  calibrateTechniques(model, data.train, recipe.batchSize, techniques);
  for (const t of techniques) await t.prepare?.();
  const hooks = composeHooks(techniques);
  const withLoss = techniques.filter((t) => t.loss);
  const names = new Map(namedVariables(model).map(([name, v]) => [v.name, name]));
  const r2 = techniques.find((t) => t.id === 'r2');
  const key = recipe.r2 === 'margin' ? 'margin' : 'a_raw';
  r2?.variables.forEach((v, i) => names.set(v.name, `r2/${model.layers[i]!.name}/${key}`));
  nameQatVariables(techniques, recipe, names);
  const variables = [...model.trainable, ...techniques.flatMap((t) => t.variables)];
  let kept: tf.Scalar[] = [];
  const { value, grads } = tf.variableGrads(() => {
    const x = tf.tensor4d(batch.images, [...batch.shape]);
    const y = tf.tensor1d(Int32Array.from(batch.labels), 'int32');
    const logits = model.apply(x, 'train', hooks);
    const task = tf.losses.softmaxCrossEntropy(tf.oneHot(y, data.numClasses), logits) as tf.Scalar;
    kept = [task, ...withLoss.map((t) => t.loss!(1))].map((t) => tf.keep(t));
    return addAll(kept);
  }, variables);
  const termNames = ['task', ...withLoss.map((t) => TECHNIQUE[t.id].lossTerm!)];
  const terms: Record<string, number> = {};
  for (const [i, t] of kept.entries()) terms[termNames[i]!] = (await t.data())[0]!;
  const gradients: Record<string, number[]> = {};
  for (const [k, g] of Object.entries(grads)) gradients[names.get(k)!] = Array.from(await g.data());
  const out = { loss: (await value.data())[0]!, terms, grads: gradients };
  tf.dispose([value, ...kept, ...Object.values(grads)]);
  techniques.forEach((t) => t.dispose());
  model.dispose();
  return out;
}

/**
 * QAT's variables under train.py's names: `qat/<layer>/weight/s` for each weight quantizer's step,
 * then `qat/<layer>/input/s` (and `/beta` for the LSQ+ configurations that learn it) for each
 * quantized input, from the second layer on, in the order QAT lists them.
 */
function nameQatVariables(
  techniques: readonly Technique[],
  recipe: Recipe,
  names: Map<string, string>,
): void {
  const qat = techniques.find(isQatTechnique);
  if (!qat) return;
  const weightSteps = new Set(qat.weightQuantizers.map((q) => q.s));
  qat.weightQuantizers.forEach((q) =>
    names.set((q.s as tf.Variable).name, `qat/${q.layer.name}/weight/s`),
  );
  const learnBeta =
    recipe.qat === 'lsq+' && LSQ_PLUS_CONFIGS[recipe.lsqPlusConfig as LsqPlusConfig].learnBeta;
  const perLayer = learnBeta ? 2 : 1;
  const layers = qat.weightQuantizers.map((q) => q.layer);
  qat.variables
    .filter((v) => !weightSteps.has(v))
    .forEach((v, i) => {
      const layer = layers[1 + Math.floor(i / perLayer)]!;
      names.set(v.name, `qat/${layer.name}/input/${i % perLayer === 0 ? 's' : 'beta'}`);
    });
}

/** train.py --ptq-only's answer: BN re-estimation (when on), then accuracy per weight width. */
export interface PtqResult {
  bnReestimated?: { batches: number; before: number; after: number };
  /** The re-estimated running statistics, lab names and layouts. */
  statistics?: Record<string, number[]>;
  fpAccuracy?: number;
  ptq: { bits: number; label: string; accuracy: number }[];
}

/**
 * The lab's total loss and terms at each of the first `steps` steps of a real session, then its
 * PTQ sweep (the recipe's quantizer) and its trained variables.
 */
export async function labSteps(recipe: Recipe, data: DeviceData, steps: number, withPtq = true) {
  const model = tfjsRunParts.createModel(recipe, data);
  const session = await createSession({ model, ...data, recipe });
  const losses: { loss: number; terms: Record<string, number> }[] = [];
  for (let i = 0; i < steps; i++) {
    session.step();
    const window = await session.readTrainWindow();
    losses.push({ loss: window.loss, terms: window.terms as Record<string, number> });
  }
  const ptq = withPtq ? await session.ptqSweep() : [];
  const trained = await labVariables(model);
  const reports = await session.techniqueReports();
  session.dispose();
  model.dispose();
  return { losses, ptq, trained, reports };
}

/** train.py --ptq-only on the variables in `dir`/state, over the lab's data asset. */
export function pythonPtq(python: string, dir: string, dataAsset: string): PtqResult {
  const args = ['train.py', '--state', STATE_DIR, '--ptq-only', '--data', dataAsset];
  const run = spawnSync(python, args, { cwd: dir, encoding: 'utf8', timeout: 120_000 });
  if (run.status !== 0)
    throw new Error(`train.py --ptq-only failed (${run.status}): ${run.stderr}`);
  return JSON.parse(run.stdout) as PtqResult;
}

/** Replace `dir`'s state with `variables` (no batches). */
export function writeState(dir: string, variables: readonly NamedArray[]): void {
  for (const [name, bytes] of stateFiles(variables, [])) {
    writeFileSync(join(dir, STATE_DIR, name), bytes);
  }
}

/** max_i |a_i - b_i| / max_i |a_i|: the error relative to the variable's gradient scale. */
export function relativeError(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return Infinity;
  let [diff, scale] = [0, 0];
  a.forEach((v, i) => {
    diff = Math.max(diff, Math.abs(v - b[i]!));
    scale = Math.max(scale, Math.abs(v));
  });
  return scale === 0 ? diff : diff / scale;
}
