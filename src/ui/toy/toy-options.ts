import {
  TOY_SIMULATION_DEFAULTS,
  toyGrid,
  type ToySimulationOptions,
} from '../../core/oscillation/toy-simulation';
import { toyUpperShare } from '../../core/oscillation/toy-regression';

/**
 * What the toy widget's controls hold. The widget keeps the grid inside [-1, 1): bits set the
 * spacing s = 2^(1-b) (see {@link toyScale}), so a lower bit width means coarser levels and
 * bigger jumps of q(w), as in a real layer.
 */
export interface ToyControlsValue {
  /** Target weight w*, inside the grid's range (see {@link toyTargetRange}). */
  wStar: number;
  /** Weight bit width, 2..4. */
  bits: number;
  /** SGD learning rate. */
  lr: number;
  /** Dampening weight lambda (0 = off). */
  dampening: number;
  /** Whether iterative freezing is on. */
  freezeOn: boolean;
  /** Freezing threshold on the EMA flip frequency f. */
  freezeThreshold: number;
}

/** Inclusive range and input step of a numeric control. */
export interface ControlRange {
  min: number;
  max: number;
  step: number;
}

/** Ranges of the numeric controls other than the target (whose range depends on the bits). */
export const TOY_RANGES = {
  bits: { min: 2, max: 4, step: 1 },
  lr: { min: 0.01, max: 1, step: 0.01 },
  dampening: { min: 0, max: 1, step: 0.05 },
  freezeThreshold: { min: 0.01, max: 0.9, step: 0.01 },
} as const satisfies Record<string, ControlRange>;

/** Step of the target slider and field. */
export const TARGET_STEP = 0.01;

/**
 * Start values: methods.md 5.7's w* = 0.3 and lr 0.1, b = 2, no dampening, freezing off (0.2 once
 * switched on: below the flip frequency f an oscillating weight reaches at 2-4 bits, about 0.4-0.8
 * at w* = 0.3, so it freezes within about 40-70 steps).
 */
export const TOY_CONTROL_DEFAULTS: Readonly<ToyControlsValue> = Object.freeze({
  wStar: TOY_SIMULATION_DEFAULTS.wStar,
  bits: 2,
  lr: TOY_SIMULATION_DEFAULTS.lr,
  dampening: 0,
  freezeOn: false,
  freezeThreshold: 0.2,
});

/** Grid spacing of the widget for `bits`: s = 2^(1-b), so the grid spans [-1, 1 - s]. */
export function toyScale(bits: number): number {
  return 2 ** (1 - bits);
}

/** Range of the target slider for `bits`: the representable interval [s n, s p]. */
export function toyTargetRange(bits: number): ControlRange {
  const s = toyScale(bits);
  const grid = toyGrid(bits);
  return { min: s * grid.n, max: s * grid.p, step: TARGET_STEP };
}

/** `v` clamped into `range` (a non-finite value falls back to `fallback`). */
export function clampTo(v: number, range: ControlRange, fallback: number): number {
  if (!Number.isFinite(v)) return fallback;
  return Math.min(range.max, Math.max(range.min, v));
}

/** `prev` with `patch` applied, every number clamped to its range (bits first: w* depends on it). */
export function applyToyPatch(
  prev: ToyControlsValue,
  patch: Partial<ToyControlsValue>,
): ToyControlsValue {
  const next = { ...prev, ...patch };
  const bits = Math.round(clampTo(next.bits, TOY_RANGES.bits, prev.bits));
  return {
    ...next,
    bits,
    wStar: clampTo(next.wStar, toyTargetRange(bits), prev.wStar),
    lr: clampTo(next.lr, TOY_RANGES.lr, prev.lr),
    dampening: clampTo(next.dampening, TOY_RANGES.dampening, prev.dampening),
    freezeThreshold: clampTo(
      next.freezeThreshold,
      TOY_RANGES.freezeThreshold,
      prev.freezeThreshold,
    ),
  };
}

/** The simulation options for the controls (m = 0.01 as in methods.md 5.7; freezing off = 0). */
export function toySimulationOptions(c: ToyControlsValue): ToySimulationOptions {
  return {
    wStar: c.wStar,
    bits: c.bits,
    scale: toyScale(c.bits),
    lr: c.lr,
    dampening: c.dampening,
    freezeThreshold: c.freezeOn ? c.freezeThreshold : 0,
    momentum: TOY_SIMULATION_DEFAULTS.momentum,
  };
}

/**
 * Start weight: 0.1 s below the grid point above w*, as methods.md 5.7's w = 0.9 sits below
 * w_up = 1 at s = 1; so the weight starts in the upper bin and walks down to the threshold.
 */
export function toyStartWeight(wStar: number, scale: number): number {
  return toyUpperShare(wStar, scale).wUp - 0.1 * scale;
}
