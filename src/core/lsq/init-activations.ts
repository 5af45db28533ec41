import { QuantError } from '../errors';
import type { IntGrid } from '../quant/grid';
import { lsqGrid } from './lsq';
import { MSE_INIT_DEFAULTS } from './configs';
import { lsqPlusConfigSpec, type LsqPlusConfig } from './lsq-plus';
import type { LearnedParamInit } from './params';
import { roundHalfEven } from '../rounding';

/** Re-exported for callers of this module; defined once in core/rounding.ts. */
export { roundHalfEven };

/** Options of {@link lsqPlusActivationInitMse}; the defaults are [LAB] choices (methods.md 4.2). */
export interface MseInitOptions {
  /** Range candidates K: R_k = (k / K) * (max - min), k = 1..K. Default 100 (as methods.md 1.3). */
  candidates?: number;
  /** Window positions per range for the asymmetric configs (bottom .. top of [min, max]). Default 21. */
  positions?: number;
  /** Values used at most; a larger batch is subsampled with a seeded generator. Default 8192. */
  maxSamples?: number;
  /** Seed of the subsampling generator. Default 1. */
  seed?: number;
}

/** The activation values, checked: QuantError when empty or non-finite. */
function checkedValues(values: Float32Array, what: string): Float32Array {
  if (values.length === 0) throw new QuantError(`${what}: cannot initialise from an empty batch`);
  if (values.some((v) => !Number.isFinite(v))) {
    throw new QuantError(`${what}: the batch holds NaN or Inf values`);
  }
  return values;
}

function extremes(values: Float32Array): { lo: number; hi: number } {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { lo, hi };
}

function scalarInit(s: number, beta: number, what: string): LearnedParamInit {
  if (!(s > 0) || !Number.isFinite(s)) {
    throw new QuantError(
      `${what}: the batch is constant (or has no values on the grid side), s = ${s}`,
    );
  }
  return { shape: [], s: Float32Array.of(s), beta: Float32Array.of(beta) };
}

/**
 * Min-max (s, beta) for a grid [n, p], the MSE search's widest candidate (methods.md 4.2).
 * Asymmetric: s = (max - min) / (p - n), beta = min - n * s. Symmetric ([LAB]; beta fixed at 0): the smallest s whose grid covers [min, max]
 * with 0 on the grid, s = max(max(x, 0) / p, min(x, 0) / n if n < 0); on the unsigned grid the
 * negatives are clipped to 0 by design (config 1).
 */
function minMaxParams(lo: number, hi: number, grid: IntGrid, learnBeta: boolean) {
  if (learnBeta) {
    const s = (hi - lo) / (grid.p - grid.n);
    return { s, beta: lo - grid.n * s };
  }
  const up = Math.max(hi, 0) / grid.p;
  const down = grid.n < 0 ? Math.min(lo, 0) / grid.n : 0;
  return { s: Math.max(up, down), beta: 0 };
}

/** Sum of squared errors of the LSQ+ forward with (s, beta) on `values` (float64 on the host). */
export function quantizationSse(
  values: Float32Array,
  s: number,
  beta: number,
  grid: IntGrid,
): number {
  let sse = 0;
  for (const v of values) {
    const q = Math.min(grid.p, Math.max(grid.n, roundHalfEven((v - beta) / s)));
    const e = s * q + beta - v;
    sse += e * e;
  }
  return sse;
}

/** At most `max` values, drawn uniformly with replacement by a seeded mulberry32 generator. */
function subsample(values: Float32Array, max: number, seed: number): Float32Array {
  if (values.length <= max) return values;
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return Float32Array.from({ length: max }, () => values[Math.floor(next() * values.length)]!);
}

export { MSE_INIT_DEFAULTS };

function assertCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) {
    throw new QuantError(`MSE init: ${name} must be a positive integer, got ${value}`);
  }
}

/**
 * LSQ+ activation init by MSE (methods.md 4.2, the recommended one): (s, beta) = argmin of
 * sum (x_hat(x; s, beta) - x)^2 over a 2-D grid of candidates ([LAB], methods.md 4.2 leaves the search
 * open). With R = max - min and the min-max (s_mm, beta_mm):
 * - symmetric configs (beta = 0): s_k = (k / K) * s_mm, k = 1..K;
 * - asymmetric configs: range R_k = (k / K) * R, s_k = R_k / (p - n), and the window [lo, lo + R_k]
 *   slides over [min, max] at J evenly spaced positions lo_j = min + j / (J - 1) * (R - R_k),
 *   beta = lo_j - n * s_k.
 * k = K (with j = 0) is exactly the min-max init, so on the values searched the result is never worse
 * than min-max. Ties keep the smaller range. Host values (the caller reads the batch once,
 * asynchronously); cost O(K * J * maxSamples).
 */
export function lsqPlusActivationInitMse(
  x: Float32Array,
  bits: number,
  config: LsqPlusConfig,
  options: MseInitOptions = {},
): LearnedParamInit {
  const {
    candidates = MSE_INIT_DEFAULTS.candidates,
    positions = MSE_INIT_DEFAULTS.positions,
    maxSamples = MSE_INIT_DEFAULTS.maxSamples,
    seed = MSE_INIT_DEFAULTS.seed,
  } = options;
  [candidates, positions, maxSamples].forEach((v, i) =>
    assertCount(v, ['K', 'J', 'maxSamples'][i]!),
  );
  const spec = lsqPlusConfigSpec(config);
  const grid = lsqGrid(bits, spec.grid);
  const all = checkedValues(x, 'LSQ+ MSE init');
  const { lo, hi } = extremes(all);
  const minMax = minMaxParams(lo, hi, grid, spec.learnBeta);
  scalarInit(minMax.s, minMax.beta, 'LSQ+ MSE init');
  const values = subsample(all, maxSamples, seed);
  let best = { sse: Infinity, s: minMax.s, beta: minMax.beta };
  for (let k = 1; k <= candidates; k++) {
    const s = (k / candidates) * minMax.s;
    const slack = (hi - lo) * (1 - k / candidates);
    const tries = spec.learnBeta && slack > 0 ? positions : 1;
    for (let j = 0; j < tries; j++) {
      const beta = spec.learnBeta ? lo + (tries > 1 ? j / (tries - 1) : 0) * slack - grid.n * s : 0;
      const sse = quantizationSse(values, s, beta, grid);
      if (sse < best.sse) best = { sse, s, beta };
    }
  }
  return scalarInit(best.s, best.beta, 'LSQ+ MSE init');
}
