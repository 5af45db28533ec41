import { addAll } from '../../core/add-all';
import * as tf from '@tensorflow/tfjs';
import type { DeviceSplit } from '../data/device-data';
import { BatchSampler } from '../data/device-data';
import type { Model } from '../models/model';
import type { PtqQuantizer } from '../../settings/ptq-quantizer';
import type { Recipe } from '../../settings/schema';
import { createOptimizer, setLearningRate } from './optimizer';
import { learningRateAt } from '../../core/schedules/learning-rate';
import { readLayerInspection, type LayerInspection } from './layer-inspection';
import { evaluate, type Evaluation } from './evaluate';
import { TrainAccumulators, type TrainWindow } from './accumulators';
import { composeHooks, createTechniques } from '../techniques';
import type { Technique } from '../techniques/technique';
import type {
  LayerSensitivity,
  LayerStats,
  PtqPoint,
  TechniqueReport,
  WeightHistogram,
  WeightTraceChunk,
} from '../protocol';
import { TECHNIQUE, type LossTerm } from '../../settings/techniques';
import { readLayerStats } from './layer-stats';
import { weightHistograms } from './weight-histogram';
import { layerSensitivity, ptqSweep } from './ptq-sweep';
import { ptqQuantizerOf } from '../../settings/ptq-quantizer';
import { reestimateBatchNorm } from './bn-reestimate';
import { Checkpoint } from './checkpoint';
import { modelVariables } from '../models/copy-weights';

/** A BN re-estimation (methods 5.6) and the test evaluation of the model before and after it. */
export interface BnReestimation {
  /** Training batches averaged over. */
  batches: number;
  before: Evaluation;
  after: Evaluation;
}

/** What a session trains on. */
export interface SessionInputs {
  model: Model;
  train: DeviceSplit;
  test: DeviceSplit;
  numClasses: number;
  recipe: Recipe;
}

/**
 * One training run's mutable state: model, optimizer, sampler and on-device metric accumulators.
 * `step()` never reads from the device; metrics are read on a cadence by the caller.
 */
export interface TrainingSession {
  /** Optimizer steps taken so far. */
  readonly stepCount: number;
  /** Learning rate of the latest step (after warm-up and schedule). */
  readonly learningRate: number;
  step(): void;
  /**
   * Averages since the previous read (one device read), then restarts the window. A finite
   * window also saves the current state as the last good one (a device-side copy).
   */
  readTrainWindow(): Promise<TrainWindow<LossTerm>>;
  /**
   * After a divergence: put back the last good state (weights, BN statistics, quantizer
   * parameters) and its step count. The optimizer state is not restored, so the run must not
   * train on; evaluation, PTQ and BN re-estimation work on the restored weights.
   */
  restoreLastGood(): number;
  /** Test accuracy and loss on the recipe's test images, or on the first `limit` of them. */
  evaluate(limit?: number): Promise<Evaluation>;
  /** Kernel statistics per weight layer (one device read). */
  layerStats(): Promise<LayerStats[]>;
  /** SQNR at W2..W8 per inspector quantizer and the outliers of every weight layer (one read). */
  layerInspection(): Promise<LayerInspection>;
  /**
   * Every layer's weights on its grid, in model order, and the index of the recipe's chosen
   * layer (`histLayer`, the histogram plot's); reads the kernels.
   */
  histograms(): Promise<{ chosen: number; layers: WeightHistogram[] }>;
  /**
   * Test accuracy of the current weights quantized to W2..W8 (model unchanged), with `quantizer`
   * or else the recipe's.
   */
  ptqSweep(quantizer?: PtqQuantizer, limit?: number): Promise<PtqPoint[]>;
  /**
   * Test accuracy on the first `limit` test images with only one layer quantized at `bits`, per
   * layer, and with all of them (`ptq-sweep.ts` layerSensitivity; the recipe's weight quantizer);
   * `onPass` hears after each layer's pass.
   */
  layerSensitivity(
    bits: number,
    limit: number,
    onPass?: (layersDone: number) => void,
  ): Promise<Pick<LayerSensitivity, 'layers' | 'allAccuracy'>>;
  /** Sampled weights' integers per step since the last call (QAT oscillation tracking), or null. */
  weightTrace(): Promise<WeightTraceChunk | null>;
  /** Per-layer values of every technique that reports some (learned s, beta, margins…). */
  techniqueReports(): Promise<TechniqueReport[]>;
  /**
   * Replace the BN running statistics with their average over a fixed set of training batches,
   * measured through the session's hooks (methods 5.6); evaluates before and after. Weights,
   * optimizer and training data order are untouched.
   */
  reestimateBatchNorm(): Promise<BnReestimation>;
  dispose(): void;
}

export async function createSession(inputs: SessionInputs): Promise<TrainingSession> {
  const { model, train, test, numClasses, recipe } = inputs;
  const techniques = createTechniques(model, recipe);
  try {
    calibrateTechniques(model, train, recipe.batchSize, techniques);
    for (const t of techniques) await t.prepare?.();
  } catch (error) {
    techniques.forEach((t) => t.dispose());
    throw error;
  }
  const hooks = composeHooks(techniques);
  const withLoss = techniques.filter((t) => t.loss);
  const optimizer = createOptimizer(recipe.optimizer, recipe.learningRate);
  const sampler = new BatchSampler(train.count, recipe.batchSize, recipe.seed);
  const metrics = new TrainAccumulators<LossTerm>(['task', ...withLoss.map(lossTermOf)]);
  const techniqueVariables = techniques.flatMap((t) => t.variables);
  // A technique that asks for its own Adam gets one (QAT's quantizer parameters); the model's
  // optimizer trains every other variable.
  const ownGroups = techniques
    .filter((t) => t.ownAdamRate !== undefined && t.variables.length > 0)
    .map((t) => ({ variables: [...t.variables], optimizer: tf.train.adam(t.ownAdamRate!) }));
  const ownVariables = ownGroups.flatMap((g) => g.variables);
  const variables = [...model.trainable, ...techniqueVariables].filter(
    (v) => !ownVariables.includes(v),
  );
  const lastGood = new Checkpoint([...modelVariables(model), ...techniqueVariables]);
  let stepCount = 0;
  lastGood.save(stepCount);

  let learningRate = recipe.learningRate;

  function step(): void {
    const indices = sampler.next();
    const step = stepCount + 1;
    const lr = learningRateAt(
      step,
      recipe.steps,
      recipe.learningRate,
      recipe.lrSchedule,
      recipe.warmupSteps,
    );
    if (lr !== learningRate) setLearningRate(optimizer, (learningRate = lr));
    let kept: tf.Scalar[] = [];
    const { value: loss, grads } = tf.variableGrads(() => {
      const x = tf.gather(train.images, indices);
      const y = tf.gather(train.labels, indices);
      const logits = model.apply(x, 'train', hooks);
      const task = tf.losses.softmaxCrossEntropy(tf.oneHot(y, numClasses), logits) as tf.Scalar;
      const terms = [task, ...withLoss.map((t) => t.loss!(step))];
      // Correct count and each term outlive the gradient scope, for the accumulators.
      kept = [countCorrect(logits, y), ...terms].map((t) => tf.keep(t));
      return addAll(terms);
    }, [...variables, ...ownVariables]);
    optimizer.applyGradients(pick(grads, variables));
    for (const group of ownGroups) group.optimizer.applyGradients(pick(grads, group.variables));
    tf.dispose(Object.values(grads));
    stepCount = step;
    techniques.forEach((t) => t.afterStep?.(step));
    const [correct, ...terms] = kept;
    metrics.add(loss, correct!, step, terms);
    tf.dispose([indices, loss, ...kept]);
  }

  return {
    get stepCount() {
      return stepCount;
    },
    get learningRate() {
      return learningRate;
    },
    step,
    async readTrainWindow() {
      const window = await metrics.read(recipe.batchSize);
      if (!window.nonFinite) lastGood.save(stepCount);
      return window;
    },
    restoreLastGood() {
      stepCount = lastGood.restore();
      return stepCount;
    },
    evaluate: (limit = recipe.testExamples) => evaluate(model, test, numClasses, limit, hooks),
    techniqueReports: async () => {
      const out: TechniqueReport[] = [];
      for (const t of techniques) if (t.report) out.push(await t.report());
      return out;
    },
    layerStats: () => readLayerStats(model),
    layerInspection: () => readLayerInspection(model),
    weightTrace: async () => (await techniques.find((t) => t.trace)?.trace?.()) ?? null,
    histograms: async () => ({
      chosen: recipe.histLayer,
      layers: await weightHistograms(model, recipe, (i) => learnedGrid(techniques, i)),
    }),
    ptqSweep: (quantizer, limit) =>
      ptqSweep(model, { train, test, numClasses }, recipe, quantizer, limit),
    layerSensitivity: (bits, limit, onPass) =>
      layerSensitivity(model, { test, numClasses }, bits, ptqQuantizerOf(recipe), limit, onPass),
    async reestimateBatchNorm() {
      const evaluateNow = () => evaluate(model, test, numClasses, recipe.testExamples, hooks);
      const before = await evaluateNow();
      const { batches } = reestimateBatchNorm(model, train, recipe.batchSize, recipe.seed, hooks);
      return { batches, before, after: await evaluateNow() };
    },
    dispose() {
      techniques.forEach((t) => t.dispose());
      optimizer.dispose();
      ownGroups.forEach((g) => g.optimizer.dispose());
      sampler.dispose();
      metrics.dispose();
      lastGood.dispose();
    },
  };
}

/** The learned grid of layer `index` when a technique quantizes weights: the histogram shows it. */
function learnedGrid(techniques: readonly Technique[], index: number) {
  for (const t of techniques) {
    const grid = t.learnedGrid?.(index);
    if (grid) return grid;
  }
  return undefined;
}

/** The name of a technique's loss term: its descriptor's. */
function lossTermOf(technique: Technique): LossTerm {
  const term = TECHNIQUE[technique.id].lossTerm;
  if (!term) throw new Error(`technique ${technique.id} has a loss but no loss-term name`);
  return term;
}

/** The gradients of `variables`, in their order (optimizers key their state by it). */
function pick(
  grads: tf.NamedTensorMap,
  variables: readonly tf.Variable[],
): { name: string; tensor: tf.Tensor }[] {
  return variables.map((v) => ({ name: v.name, tensor: grads[v.name]! }));
}

/** Number of rows whose arg-max logit equals the label, as a float scalar. */
export function countCorrect(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32')));
}

/**
 * Show every weight layer's input on one fixed calibration batch (the first `batchSize` training
 * images, in train mode) to the techniques that ask for it, before training starts. Skipped when
 * no technique calibrates, so plain runs are untouched.
 */
export function calibrateTechniques(
  model: Model,
  train: DeviceSplit,
  batchSize: number,
  techniques: readonly Technique[],
): void {
  const calibrating = techniques.filter((t) => t.calibrate);
  if (calibrating.length === 0) return;
  tf.tidy(() => {
    const x = tf.slice(train.images, [0, 0, 0, 0], [Math.min(batchSize, train.count), -1, -1, -1]);
    model.apply(x, 'train', {
      input: (layer, input) => {
        calibrating.forEach((t) => t.calibrate!(layer, input));
        return input;
      },
    });
  });
}
