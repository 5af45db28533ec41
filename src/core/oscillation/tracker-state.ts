import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { applyFreezing, assertSameShape } from './freezing';
import { OSCILLATION_STEP_DEFAULTS, type OscillationStepOptions } from './constants';

export { OSCILLATION_STEP_DEFAULTS, type OscillationStepOptions };

/**
 * Per-weight oscillation state of one weight tensor (methods.md 5.2, 5.4; [OSC-code]
 * `TrackOscillation`). Every tensor has the weight's shape and dtype float32 and lives on the device.
 */
export interface OscillationState {
  /** w_int of the previous tracked step (after freezing). */
  readonly prevInt: tf.Tensor;
  /** Direction of the most recent non-zero integer change, in {-1, 0, 1} (0 = never changed). */
  readonly lastDir: tf.Tensor;
  /** EMA oscillation frequency f, in [0, 1) (unit: oscillations per tracked step). */
  readonly frequency: tf.Tensor;
  /** Cumulative oscillation count per weight since the tracker started. */
  readonly totalOscillations: tf.Tensor;
  /** Number of oscillation events in the last tracked step, summed over the tensor. */
  readonly oscillationsThisStep: tf.Scalar;
  /** Freezing mask, 0/1 (1 = frozen forever). All zeros until freezing first turns on. */
  readonly frozen: tf.Tensor;
  /** Integer each frozen weight is held at; 0 where not frozen. */
  readonly frozenInt: tf.Tensor;
  /** EMA of w_int; null until freezing first turns on (then initialised to that step's w_int). */
  readonly emaInt: tf.Tensor | null;
  /** Tracked steps so far (a host counter, not a device value). */
  readonly steps: number;
}

/** Throw a QuantError unless the step options are valid numbers. */
export function assertStepOptions(opts: OscillationStepOptions): void {
  if (!Number.isFinite(opts.momentum) || opts.momentum <= 0 || opts.momentum > 1) {
    throw new QuantError(`momentum must be in (0, 1], got ${opts.momentum}`);
  }
  if (!Number.isFinite(opts.freezeThreshold) || opts.freezeThreshold < 0) {
    throw new QuantError(`freezeThreshold must be a number >= 0, got ${opts.freezeThreshold}`);
  }
}

/**
 * Fresh state for integer weights `wInt` ([OSC-code] `check_init`): prevInt = wInt, lastDir = 0,
 * f = 0, counts 0, nothing frozen, emaInt not yet started. Returns new tensors the caller owns.
 */
export function initOscillationState(wInt: tf.Tensor): OscillationState {
  if (wInt.size === 0) throw new QuantError('cannot track oscillations of an empty tensor');
  const t = tf.tidy(() => {
    const prevInt = wInt.toFloat();
    const zeros = (): tf.Tensor => tf.zerosLike(prevInt);
    return {
      prevInt,
      lastDir: zeros(),
      frequency: zeros(),
      totalOscillations: zeros(),
      oscillationsThisStep: tf.scalar(0),
      frozen: zeros(),
      frozenInt: zeros(),
    };
  });
  return { ...t, emaInt: null, steps: 0 };
}

/**
 * Freezing part of a step ([OSC-code] `TrackOscillation.__call__`, methods.md 5.4): weights with
 * f > f_th become frozen for good; their frozen integer is round(ema_int) taken BEFORE this step's
 * EMA update (re-read every step while f stays above f_th), then ema_int moves towards w_int.
 * Call inside a tidy.
 */
function freezeStep(
  state: OscillationState,
  wInt: tf.Tensor,
  frequency: tf.Tensor,
  opts: OscillationStepOptions,
): { frozen: tf.Tensor; frozenInt: tf.Tensor; emaInt: tf.Tensor | null } {
  if (opts.freezeThreshold <= 0) {
    const emaInt = state.emaInt === null ? null : tf.clone(state.emaInt);
    return { frozen: tf.clone(state.frozen), frozenInt: tf.clone(state.frozenInt), emaInt };
  }
  // ema_int starts at the integer weights of the first step with freezing on (check_init).
  const emaPrev = state.emaInt ?? wInt;
  const hot = tf.greater(frequency, opts.freezeThreshold);
  const frozen = tf.maximum(state.frozen, hot.toFloat());
  const source = opts.useEmaInt ? tf.round(emaPrev) : wInt;
  const frozenInt = tf.where(hot, source, state.frozenInt);
  if (!opts.useEmaInt) return { frozen, frozenInt, emaInt: null };
  const m = opts.momentum;
  const emaInt = tf.add(tf.mul(m, wInt), tf.mul(1 - m, emaPrev));
  return { frozen, frozenInt, emaInt };
}

/**
 * One tracking step on this step's integer weights (methods.md 5.2, 5.4, 5.8; [OSC-code]
 * `TrackOscillation.__call__`), all on the device, no read:
 * 1. `wInt` gets the current freezing applied (idempotent if the caller already did);
 * 2. `delta = round(prevInt - wInt)`, `dir = sign(delta)`, `o = [dir * lastDir == -1]`;
 * 3. `f = m*o + (1-m)*f`; `lastDir = dir` where `delta != 0`; `prevInt = wInt`; counts += o;
 * 4. freezing if `freezeThreshold > 0` (see freezeStep).
 *
 * [LAB] (methods.md 5.2): call it once per TRAINING step only; the official wrapper also runs on
 * evaluation forwards, where f then decays by (1-m) per batch.
 *
 * Pure: returns a complete new state (unchanged parts cloned) and leaves `state` intact, so the
 * caller may dispose the old state afterwards. Throws a QuantError on a shape mismatch.
 */
export function stepOscillationState(
  state: OscillationState,
  wInt: tf.Tensor,
  opts: OscillationStepOptions,
): OscillationState {
  assertStepOptions(opts);
  assertSameShape('wInt', wInt, state.prevInt.shape);
  const m = opts.momentum;
  const { emaInt, ...next } = tf.tidy(() => {
    const x = applyFreezing(wInt, state);
    const delta = tf.round(tf.sub(state.prevInt, x));
    const dir = tf.sign(delta);
    const oscillated = tf.equal(tf.mul(dir, state.lastDir), -1).toFloat();
    const frequency = tf.add(tf.mul(m, oscillated), tf.mul(1 - m, state.frequency));
    const lastDir = tf.where(tf.notEqual(delta, 0), dir, state.lastDir);
    const frozenPart = freezeStep(state, x, frequency, opts);
    return {
      prevInt: x,
      lastDir,
      frequency,
      totalOscillations: tf.add(state.totalOscillations, oscillated),
      oscillationsThisStep: tf.sum(oscillated) as tf.Scalar,
      frozen: frozenPart.frozen,
      frozenInt: frozenPart.frozenInt,
      // tf.tidy containers hold no null; undefined stands for "ema_int not started".
      emaInt: frozenPart.emaInt ?? undefined,
    };
  });
  return { ...next, emaInt: emaInt ?? null, steps: state.steps + 1 };
}

/** Dispose every tensor of a state. */
export function disposeOscillationState(state: OscillationState): void {
  tf.dispose([
    state.prevInt,
    state.lastDir,
    state.frequency,
    state.totalOscillations,
    state.oscillationsThisStep,
    state.frozen,
    state.frozenInt,
  ]);
  if (state.emaInt !== null) state.emaInt.dispose();
}
