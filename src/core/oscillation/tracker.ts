import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { applyFreezing } from './freezing';
import { oscillationSummary, OSCILLATING_FREQUENCY_THRESHOLD } from './summary';
import {
  assertStepOptions,
  disposeOscillationState,
  initOscillationState,
  OSCILLATION_STEP_DEFAULTS,
  stepOscillationState,
  type OscillationState,
} from './tracker-state';

/** Options fixed for a tracker's lifetime (methods.md 5.2, 5.4). */
export interface OscillationTrackerOptions {
  /** EMA momentum m in (0, 1]; default 0.001 (recipe CLI default). */
  momentum?: number;
  /** Frozen value from round(ema_int) (default, `--oscillations-freeze-use-ema`) or w_int. */
  useEmaInt?: boolean;
}

/**
 * Oscillation tracker of one weight tensor (methods.md 5.2, 5.4): owns an {@link OscillationState}
 * on the device and replaces it each step. Nothing here reads from the device.
 */
export interface OscillationTracker {
  /** Current state; null before the first update or after dispose. Do not dispose it yourself. */
  readonly state: OscillationState | null;
  /**
   * Track one training step's integer weights `wInt = clamp(round(w/s), n, p)` (before or after
   * freezing), with this step's freezing threshold (0 = off; see freezeThresholdAt). The first
   * call initialises the state from `wInt` and then steps, as the official `check_init` does, so
   * it never counts an oscillation.
   */
  update(wInt: tf.Tensor, freezeThreshold?: number): void;
  /** `applyFreezing(wInt, state)` for the training forward; a copy of wInt before any update. */
  applyFreezing(wInt: tf.Tensor): tf.Tensor;
  /** Per-layer summary vector (see oscillationSummary); caller owns it, reads it on a cadence. */
  summary(threshold?: number): tf.Tensor1D;
  /** Free every state tensor; later calls throw. */
  dispose(): void;
}

/**
 * Create a tracker ([OSC-code] `TrackOscillation` with `momentum`, `use_ema_x_int`; the threshold
 * is passed per step because its schedule changes every iteration). State tensors are kept with
 * tf.keep, so an update inside the caller's tf.tidy does not free them; old states are disposed at
 * once, so the tensor count stays flat across steps.
 */
export function createOscillationTracker(opts: OscillationTrackerOptions = {}): OscillationTracker {
  const base = { ...OSCILLATION_STEP_DEFAULTS, ...opts };
  assertStepOptions(base);
  let state: OscillationState | null = null;
  let disposed = false;

  const alive = (): void => {
    if (disposed) throw new QuantError('oscillation tracker used after dispose');
  };
  const keepAll = (s: OscillationState): OscillationState => {
    const tensors = [s.prevInt, s.lastDir, s.frequency, s.totalOscillations, s.frozen, s.frozenInt];
    for (const t of [...tensors, s.oscillationsThisStep]) tf.keep(t);
    if (s.emaInt !== null) tf.keep(s.emaInt);
    return s;
  };

  return {
    get state() {
      return state;
    },
    update(wInt, freezeThreshold = 0) {
      alive();
      const current = state ?? keepAll(initOscillationState(wInt));
      let next: OscillationState;
      try {
        next = stepOscillationState(current, wInt, { ...base, freezeThreshold });
      } catch (error) {
        // A bad threshold or shape leaves the previous state in place; a fresh one is freed.
        if (state === null) disposeOscillationState(current);
        throw error;
      }
      disposeOscillationState(current);
      state = keepAll(next);
    },
    applyFreezing(wInt) {
      alive();
      return applyFreezing(wInt, state);
    },
    summary(threshold = OSCILLATING_FREQUENCY_THRESHOLD) {
      alive();
      if (state === null) throw new QuantError('oscillation summary before the first update');
      return oscillationSummary(state, threshold);
    },
    dispose() {
      if (state !== null) disposeOscillationState(state);
      state = null;
      disposed = true;
    },
  };
}
