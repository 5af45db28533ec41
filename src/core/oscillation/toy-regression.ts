import { QuantError } from '../errors';
import { roundHalfEven } from '../rounding';

/** Re-exported for callers of this module; defined once in core/rounding.ts. */
export { roundHalfEven };

/**
 * Toy regression of [OSC-paper] Sec. 2.2 (methods.md 5.7) as plain-number math for the explanatory
 * widget: one latent weight w, quantizer q(w) = s * round(w / s) (no clipping: the grid is
 * unbounded here), loss E_x[0.5 (x w* - x q(w))^2] trained with the STE.
 */
export interface ToyRegressionParams {
  /** Target weight w*. */
  wStar: number;
  /** Grid spacing s (> 0). */
  scale: number;
  /** SGD learning rate. */
  lr: number;
  /** Dampening weight lambda (0 = off). */
  dampening: number;
}

/**
 * [LAB] toy defaults (paper values not retrieved, methods.md 5.7): s = 1, w* = 0.3, SGD lr 0.1,
 * start w = 0.9, x ~ N(0, 1), tracker momentum 0.01, no dampening.
 */
export const TOY_REGRESSION_DEFAULTS: Readonly<
  ToyRegressionParams & { wInit: number; momentum: number }
> = Object.freeze({
  wStar: 0.3,
  scale: 1,
  lr: 0.1,
  dampening: 0,
  wInit: 0.9,
  momentum: 0.01,
});

function assertParams(p: ToyRegressionParams): void {
  const finite = [p.wStar, p.scale, p.lr, p.dampening].every(Number.isFinite);
  if (!finite || p.scale <= 0 || p.dampening < 0) {
    throw new QuantError(
      `toy regression needs finite params, scale > 0, dampening >= 0; got ${JSON.stringify(p)}`,
    );
  }
}

/** q(w) = s * round(w / s), half to even. */
export function toyQuantize(w: number, scale: number): number {
  return scale * roundHalfEven(w / scale);
}

/**
 * STE gradient of the toy loss for a batch with mean x^2 = `xSquared` (methods.md 5.7):
 * `xSquared * (q(w) - w*)`, plus the dampening term `-2 lambda (q(w) - w)` (q(w) detached,
 * methods.md 5.3) when `dampening > 0`.
 */
export function toyRegressionGradient(
  w: number,
  xSquared: number,
  params: ToyRegressionParams,
): number {
  assertParams(params);
  const q = toyQuantize(w, params.scale);
  return xSquared * (q - params.wStar) - 2 * params.dampening * (q - w);
}

/** One SGD step of the toy: `w - lr * gradient`. */
export function toyRegressionStep(
  w: number,
  xSquared: number,
  params: ToyRegressionParams,
): number {
  return w - params.lr * toyRegressionGradient(w, xSquared, params);
}

/**
 * The grid points around w* and the share of time the STE dynamics spend at the upper one
 * (methods.md 5.7): `(w* - w_down) / (w_up - w_down)`, so the time-averaged q(w) equals w*.
 * When w* is on the grid, w_down = w_up = w* and the share is 1 (no oscillation).
 */
export function toyUpperShare(
  wStar: number,
  scale: number,
): { wDown: number; wUp: number; share: number } {
  if (!Number.isFinite(wStar) || !Number.isFinite(scale) || scale <= 0) {
    throw new QuantError(`toyUpperShare needs finite w* and scale > 0, got ${wStar}, ${scale}`);
  }
  const wDown = scale * Math.floor(wStar / scale);
  const wUp = scale * Math.ceil(wStar / scale);
  return { wDown, wUp, share: wUp === wDown ? 1 : (wStar - wDown) / (wUp - wDown) };
}

/** Host-side oscillation state of ONE integer value (the widget's single weight). */
export interface ScalarOscillationState {
  prevInt: number;
  lastDir: number;
  frequency: number;
  count: number;
}

/** Start state for a first integer value (official check_init). */
export function initScalarOscillation(wInt: number): ScalarOscillationState {
  return { prevInt: wInt, lastDir: 0, frequency: 0, count: 0 };
}

/**
 * The tracker rule of methods.md 5.2 on one number, for the toy widget (no tensors in the UI): the
 * same arithmetic as stepOscillationState without freezing. Returns a new state.
 */
export function stepScalarOscillation(
  state: ScalarOscillationState,
  wInt: number,
  momentum: number,
): ScalarOscillationState {
  if (!Number.isFinite(momentum) || momentum <= 0 || momentum > 1) {
    throw new QuantError(`momentum must be in (0, 1], got ${momentum}`);
  }
  const delta = roundHalfEven(state.prevInt - wInt);
  const dir = Math.sign(delta);
  const oscillated = dir * state.lastDir === -1 ? 1 : 0;
  return {
    prevInt: wInt,
    lastDir: delta !== 0 ? dir : state.lastDir,
    frequency: momentum * oscillated + (1 - momentum) * state.frequency,
    count: state.count + oscillated,
  };
}
