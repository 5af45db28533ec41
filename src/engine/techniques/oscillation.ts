import { addAll } from '../../core/add-all';
import * as tf from '@tensorflow/tfjs';
import { dampeningLoss } from '../../core/oscillation/dampening';
import { shouldTrackOscillations } from '../../core/oscillation/freezing';
import {
  decodeOscillationSummary,
  OSCILLATING_FREQUENCY_THRESHOLD,
} from '../../core/oscillation/summary';
import { createOscillationTracker, type OscillationTracker } from '../../core/oscillation/tracker';
import { dampeningWeightAt, freezeThresholdAt } from '../../core/schedules/oscillation-schedules';
import type { WeightLayer } from '../models/model';
import { isQatTechnique, type WeightQuantizer } from './qat';
import type { TechniqueReport } from '../protocol';
import type { Technique, TechniqueFactory } from './technique';
import { createWeightTrace } from './weight-trace';

interface Tracked {
  quantizer: WeightQuantizer;
  tracker: OscillationTracker;
}

/**
 * Oscillations in QAT (methods.md 5.2-5.4) on the QAT technique's weight quantizers, which it
 * reads through their read-only view (`earlier` must hold the QAT technique; the quantizer is
 * defined once, in qat.ts):
 * - tracking: after each optimizer step, every weight quantizer of at most 4 bits (5.1: 8-bit
 *   first/last layers are skipped) updates its tracker with `w_int = clamp(round(w/s), n, p)`
 *   and this step's freezing threshold; device-only, no read;
 * - freezing (5.4): the threshold follows freezeThresholdAt (`freezeThresholdStart`, recipe 0.1,
 *   cosine-decaying to `freezeThreshold` after `oscStart` of the steps, recipe 25 %); the weight hook, applied right after QAT's,
 *   holds frozen weights at `s * frozen_int` in every forward (no gradient to them);
 * - dampening (5.3): loss term `lambda(t) * sum over ALL quantized layers (8-bit ones too) of
 *   dampeningLoss` (kernel_mean aggregation, the recipe default), lambda(t) a cosine ramp from 0
 *   to `dampening` after `oscStart` of the steps (recipe 25 %). Only defined when `dampening > 0`.
 * Present when QAT is on and any of tracking, dampening or freezing is.
 */
export const createOscillation: TechniqueFactory = (model, recipe, earlier) => {
  const freezing = recipe.freezing === 'on';
  const dampening = recipe.dampening > 0;
  const qat = earlier.find(isQatTechnique);
  if (!qat) return null;
  const quantizers = qat.weightQuantizers;
  const needsTrackers = recipe.trackOscillations === 'on' || freezing;
  const tracked: Tracked[] = needsTrackers
    ? quantizers
        .filter((q) => shouldTrackOscillations(q.bits))
        .map((quantizer) => ({
          quantizer,
          tracker: createOscillationTracker({ momentum: recipe.oscMomentum }),
        }))
    : [];
  const byLayer = new Map<WeightLayer, Tracked>(tracked.map((t) => [t.quantizer.layer, t]));
  /** Set once a step ran with freezing on; before that nothing can be frozen. */
  let freezingStarted = false;
  // The raster plot follows the histogram's layer when it is tracked, else the first tracked one.
  const traced = byLayer.get(model.layers[recipe.histLayer] as WeightLayer) ?? tracked[0];
  const trace = traced ? createWeightTrace(traced.quantizer, recipe.seed) : null;
  const masksOf = (layer: WeightLayer) =>
    freezingStarted ? (byLayer.get(layer)?.tracker.state ?? null) : null;

  const technique: Technique = {
    id: 'oscillation',
    variables: [],
    ...(freezing && tracked.length > 0
      ? {
          hooks: {
            weight: (layer: WeightLayer, q: tf.Tensor) => {
              const masks = masksOf(layer);
              return masks ? byLayer.get(layer)!.quantizer.freeze(q, masks) : q;
            },
          },
        }
      : {}),
    ...(dampening
      ? {
          loss: (step: number) => {
            const lambda = dampeningWeightAt(step, recipe.steps, {
              final: recipe.dampening,
              annealStart: recipe.oscStart,
            });
            if (lambda === 0) return tf.scalar(0);
            return tf.tidy(() => {
              const perLayer = quantizers.map((q) =>
                dampeningLoss(q.layer.kernel, q.s, {
                  grid: q.grid,
                  depthwise: q.layer.kind === 'depthwise',
                  freezing: masksOf(q.layer),
                }),
              );
              return tf.mul(lambda, addAll(perLayer)) as tf.Scalar;
            });
          },
        }
      : {}),
    afterStep: (step) => {
      const threshold = freezing
        ? freezeThresholdAt(step, recipe.steps, {
            start: recipe.freezeThresholdStart,
            final: recipe.freezeThreshold,
            annealStart: recipe.oscStart,
          })
        : 0;
      for (const { quantizer, tracker } of tracked) {
        tf.tidy(() => {
          const integers = quantizer.integers();
          tracker.update(integers, threshold);
          // The raster's weights come from the same integers the tracker just counted.
          if (trace && quantizer === traced!.quantizer) trace.record(step, integers);
        });
      }
      if (threshold > 0) freezingStarted = true;
    },
    ...(tracked.length > 0 ? { report: () => report(tracked) } : {}),
    ...(trace ? { trace: () => trace.read() } : {}),
    dispose: () => {
      tracked.forEach((t) => t.tracker.dispose());
      trace?.dispose();
    },
  };
  return technique;
};

/**
 * Per tracked layer: mean EMA frequency, share oscillating, share frozen, oscillation events per
 * weight since tracking began; one device read.
 */
async function report(tracked: readonly Tracked[]): Promise<TechniqueReport> {
  const ready = tracked.filter((t) => t.tracker.state !== null);
  if (ready.length === 0) return { technique: 'oscillation', layers: [] };
  const packed = tf.tidy(() =>
    tf.stack(ready.map((t) => t.tracker.summary(OSCILLATING_FREQUENCY_THRESHOLD))),
  );
  const rows = (await packed.array()) as number[][];
  packed.dispose();
  const layers = ready.map((t, i) => {
    const summary = decodeOscillationSummary(rows[i]!);
    return {
      name: t.quantizer.layer.name,
      values: {
        frequency: summary.meanFrequency,
        oscillating: summary.fractionOscillating,
        frozen: summary.fractionFrozen,
        // Per weight, so windows of the run can be compared: (events_t2 - events_t1) / (t2 - t1).
        events: summary.totalOscillations / t.quantizer.layer.kernel.size,
      },
    };
  });
  return { technique: 'oscillation', layers };
}
