import { QuantError } from '../errors';
import { assertBits } from '../quant/bits';
import { intGrid, type IntGrid } from '../quant/grid';
import { roundHalfEven } from '../rounding';
import {
  initScalarOscillation,
  type ScalarOscillationState,
  stepScalarOscillation,
  TOY_REGRESSION_DEFAULTS,
} from './toy-regression';

/**
 * Step-by-step simulation of the toy regression of methods.md 5.7 ([OSC-paper] Sec. 2.2) with the
 * three pieces of methods 5.2-5.4 on one weight: tracking (the scalar tracker of toy-regression.ts),
 * dampening and freezing. Plain numbers only (no tfjs, no DOM), for the explanatory widget.
 *
 * Loss `E_x[0.5 (x w* - x q(w))^2]` with `q(w) = s * w_int`, `w_int = clamp(round(w / s), n, p)` on
 * the signed b-bit grid `[-2^(b-1), 2^(b-1) - 1]`, trained by SGD with the identity STE (the
 * paper's toy). The step takes `E[x^2]` of the batch as an argument: 1 (the default) is the
 * deterministic expected gradient for x ~ N(0, 1); a caller may pass a sampled mean of x^2 instead.
 */
export interface ToySimulationOptions {
  /** Target weight w* (same units as w). */
  wStar: number;
  /** Weight bit width b, an integer in 2..8: the grid range `[-2^(b-1), 2^(b-1) - 1]`. */
  bits: number;
  /** Grid spacing s > 0 (methods.md 5.7 uses s = 1). */
  scale: number;
  /** SGD learning rate, > 0. */
  lr: number;
  /** Dampening weight lambda >= 0 (methods.md 5.3); 0 = off. */
  dampening: number;
  /** Freezing threshold f_th >= 0 on the EMA frequency (methods.md 5.4); 0 = freezing off. */
  freezeThreshold: number;
  /** EMA momentum m in (0, 1] of the frequency and of ema_int (methods.md 5.7: 0.01). */
  momentum: number;
}

/**
 * methods.md 5.7 [LAB] values: s = 1, w* = 0.3, lr 0.1, start w = 0.9 (`wInit`), m = 0.01, no
 * dampening, no freezing; b = 4 (the widest tracked width, methods.md 5.1).
 */
export const TOY_SIMULATION_DEFAULTS: Readonly<ToySimulationOptions & { wInit: number }> =
  Object.freeze({
    wStar: TOY_REGRESSION_DEFAULTS.wStar,
    bits: 4,
    scale: TOY_REGRESSION_DEFAULTS.scale,
    lr: TOY_REGRESSION_DEFAULTS.lr,
    dampening: TOY_REGRESSION_DEFAULTS.dampening,
    freezeThreshold: 0,
    momentum: TOY_REGRESSION_DEFAULTS.momentum,
    wInit: TOY_REGRESSION_DEFAULTS.wInit,
  });

/** The simulation after `step` SGD steps. Plain data; every step returns a new object. */
export interface ToySimulationState {
  /** SGD steps taken so far. */
  readonly step: number;
  /** Latent (float) weight w. */
  readonly w: number;
  /** Integer the next forward uses: frozenInt when frozen, else clamp(round(w / s), n, p). */
  readonly wInt: number;
  /**
   * Tracker of methods.md 5.2: `lastDir`, EMA frequency `frequency` (f) and the flip counter
   * `count`, over the integers the forward passes used.
   */
  readonly osc: ScalarOscillationState;
  /** Frozen for good (methods.md 5.4). */
  readonly frozen: boolean;
  /** Integer a frozen weight is held at (0 until frozen). */
  readonly frozenInt: number;
  /** EMA of w_int for freezing; null until a step runs with freezing on. */
  readonly emaInt: number | null;
  /** Sum of q(w) over the steps taken (their forwards); divide by `step` for the time average. */
  readonly qSum: number;
}

const isNum = Number.isFinite;

/** Throw a QuantError naming the first bad option (bits outside 2..8, lr <= 0, ...). */
export function assertToyOptions(o: ToySimulationOptions): void {
  assertBits(o.bits);
  const bad = (what: string, v: number) => {
    throw new QuantError(`toy simulation: ${what}, got ${v}`);
  };
  if (!isNum(o.wStar)) bad('target w* must be a finite number', o.wStar);
  if (!isNum(o.scale) || o.scale <= 0) bad('scale s must be a finite number > 0', o.scale);
  if (!isNum(o.lr) || o.lr <= 0) bad('learning rate lr must be a finite number > 0', o.lr);
  if (!isNum(o.dampening) || o.dampening < 0) bad('dampening must be >= 0', o.dampening);
  if (!isNum(o.freezeThreshold) || o.freezeThreshold < 0) {
    bad('freezeThreshold must be >= 0 (0 = off)', o.freezeThreshold);
  }
  if (!isNum(o.momentum) || o.momentum <= 0 || o.momentum > 1) {
    bad('momentum must be in (0, 1]', o.momentum);
  }
}

/** The toy's integer grid: signed, `[-2^(b-1), 2^(b-1) - 1]` (core/quant/grid.ts 'signed-full'). */
export function toyGrid(bits: number): IntGrid {
  return intGrid(bits, 'signed-full');
}

/** `clamp(round(w / s), n, p)`, round half to even like tf.round (no freezing). */
export function toyInteger(w: number, scale: number, grid: IntGrid): number {
  return Math.min(grid.p, Math.max(grid.n, roundHalfEven(w / scale)));
}

/**
 * dL/dw of the toy at latent `w` whose forward used integer `wInt` (methods.md 5.3, 5.4, 5.7):
 * - task (identity STE): `xSquared * (s * wInt - w*)`, 0 when frozen (the forward no longer
 *   depends on w);
 * - dampening: `2 lambda (clip(w, s n, s p) - s * wInt)`, the target s * wInt detached, so 0 for a
 *   clipped weight; a frozen weight is pulled towards `s * frozenInt`.
 *
 * For an unfrozen w inside `[s n, s p]` this equals toyRegressionGradient (the unbounded-grid form).
 */
export function toyGradient(
  w: number,
  wInt: number,
  frozen: boolean,
  o: ToySimulationOptions,
  xSquared = 1,
): number {
  const grid = toyGrid(o.bits);
  const q = o.scale * wInt;
  const clipped = Math.min(o.scale * grid.p, Math.max(o.scale * grid.n, w));
  const task = frozen ? 0 : xSquared * (q - o.wStar);
  return task + 2 * o.dampening * (clipped - q);
}

/** Start state at latent weight `wInit` (the tracker's check_init: first integer, no flips). */
export function initToySimulation(wInit: number, o: ToySimulationOptions): ToySimulationState {
  assertToyOptions(o);
  if (!isNum(wInit)) throw new QuantError(`toy simulation: wInit must be finite, got ${wInit}`);
  const wInt = toyInteger(wInit, o.scale, toyGrid(o.bits));
  return {
    step: 0,
    w: wInit,
    wInt,
    osc: initScalarOscillation(wInt),
    frozen: false,
    frozenInt: 0,
    emaInt: null,
    qSum: 0,
  };
}

type FreezePart = Pick<ToySimulationState, 'frozen' | 'frozenInt' | 'emaInt'>;

/**
 * Freezing after the tracker (methods.md 5.4), the scalar form of freezeStep in tracker-state.ts:
 * with f_th > 0, `f > f_th` freezes for good at `round(ema_int)` read BEFORE this step's EMA update
 * (re-read while f stays above f_th); ema_int starts at the first integer tracked with freezing on.
 */
function toyFreezeStep(s: FreezePart, x: number, f: number, o: ToySimulationOptions): FreezePart {
  if (o.freezeThreshold <= 0) return { frozen: s.frozen, frozenInt: s.frozenInt, emaInt: s.emaInt };
  const emaPrev = s.emaInt ?? x;
  const hot = f > o.freezeThreshold;
  return {
    frozen: s.frozen || hot,
    frozenInt: hot ? roundHalfEven(emaPrev) : s.frozenInt,
    emaInt: o.momentum * x + (1 - o.momentum) * emaPrev,
  };
}

/**
 * One training step (methods.md 5.8 order): forward with the current integer (freezing applied),
 * SGD step `w -= lr * toyGradient`, then the tracker and freezing on the new integer. Tracking
 * the new weight's integer right after the update sees the same integer sequence as the official
 * tracker inside the next forward, so counts and f match it. `xSquared` = E[x^2] of the batch
 * (1 = expected gradient). Returns a new state; throws a QuantError on bad options.
 */
export function stepToySimulation(
  state: ToySimulationState,
  o: ToySimulationOptions,
  xSquared = 1,
): ToySimulationState {
  assertToyOptions(o);
  if (!isNum(xSquared) || xSquared < 0) {
    throw new QuantError(`toy simulation: xSquared must be >= 0, got ${xSquared}`);
  }
  const grid = toyGrid(o.bits);
  const used = state.frozen ? state.frozenInt : toyInteger(state.w, o.scale, grid);
  const w = state.w - o.lr * toyGradient(state.w, used, state.frozen, o, xSquared);
  const raw = toyInteger(w, o.scale, grid);
  const x = state.frozen ? state.frozenInt : raw;
  const osc = stepScalarOscillation(state.osc, x, o.momentum);
  const freeze = toyFreezeStep(state, x, osc.frequency, o);
  return {
    step: state.step + 1,
    w,
    wInt: freeze.frozen ? freeze.frozenInt : raw,
    osc,
    ...freeze,
    qSum: state.qSum + o.scale * used,
  };
}

/** `n` steps from `state`; returns the n new states in order (empty for n = 0). */
export function runToySimulation(
  state: ToySimulationState,
  o: ToySimulationOptions,
  n: number,
  xSquared = 1,
): ToySimulationState[] {
  if (!Number.isInteger(n) || n < 0)
    throw new QuantError(`steps must be an integer >= 0, got ${n}`);
  const out: ToySimulationState[] = [];
  let s = state;
  for (let i = 0; i < n; i++) {
    s = stepToySimulation(s, o, xSquared);
    out.push(s);
  }
  return out;
}

/** The quantized weight q(w) = s * wInt the next forward uses. */
export function toyQuantizedValue(state: ToySimulationState, scale: number): number {
  return scale * state.wInt;
}

/** Time average of q(w) over the steps taken (NaN before the first step); tends to w*. */
export function toyTimeAverage(state: ToySimulationState): number {
  return state.step === 0 ? Number.NaN : state.qSum / state.step;
}

/**
 * [LAB] widget only: clear the freeze (the method never unfreezes), so switching freezing off in
 * the widget lets the weight move again. The tracker keeps its counts; ema_int restarts.
 */
export function toyUnfreeze(
  state: ToySimulationState,
  o: ToySimulationOptions,
): ToySimulationState {
  const wInt = toyInteger(state.w, o.scale, toyGrid(o.bits));
  return { ...state, wInt, frozen: false, frozenInt: 0, emaInt: null };
}
