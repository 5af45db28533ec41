import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { lsqPlusConfigSpec, type LsqPlusConfig } from './lsq-plus';
import { SCALE_FLOOR } from '../quant/scale-floor';

/**
 * Initial values of one LSQ / LSQ+ quantizer, as plain numbers (what the init functions return and
 * the UI can show). `shape` is [] per-tensor or the keepDims per-channel shape (quant/layout.ts
 * `paramShape`); `s` and `beta` hold one value per channel in row-major order, in x's units.
 */
export interface LearnedParamInit {
  shape: number[];
  s: Float32Array;
  beta: Float32Array;
}

/** The learnable variables of one quantizer (methods.md 1.4, 4.2). `beta` is null when not learned. */
export interface LearnedQuantParams {
  s: tf.Variable;
  beta: tf.Variable | null;
}

function assertInit(init: LearnedParamInit): void {
  const size = init.shape.reduce((a, b) => a * b, 1);
  if (init.s.length !== size || init.beta.length !== size) {
    throw new QuantError(
      `init shape [${init.shape.join(', ')}] needs ${size} values, got s: ${init.s.length}, beta: ${init.beta.length}`,
    );
  }
  if (size === 0) throw new QuantError('init has no values');
  init.s.forEach((v, i) => {
    if (!Number.isFinite(v) || v <= 0) {
      throw new QuantError(`step size s must be finite and > 0, got s[${i}] = ${v}`);
    }
  });
  init.beta.forEach((v, i) => {
    if (!Number.isFinite(v))
      throw new QuantError(`offset beta must be finite, got beta[${i}] = ${v}`);
  });
}

/** A trainable variable holding `values` (the temporary tensor is disposed, so nothing leaks). */
function variableOf(values: Float32Array, shape: number[]): tf.Variable {
  const initial = tf.tensor(values, shape, 'float32');
  const v = tf.variable(initial, true);
  initial.dispose();
  return v;
}

/** Create the trainable s of an LSQ quantizer (methods.md 4.1); beta is null (LSQ has none). */
export function createLsqParams(init: LearnedParamInit): LearnedQuantParams {
  assertInit(init);
  return { s: variableOf(init.s, init.shape), beta: null };
}

/**
 * Create the trainable s (and beta, for the asymmetric configurations) of an LSQ+ quantizer
 * (methods.md 4.2). The symmetric configurations fix beta = 0: a non-zero `init.beta` is a QuantError
 * rather than silently dropped. The caller owns the variables: dispose with {@link disposeLearnedParams}.
 */
export function createLsqPlusParams(
  init: LearnedParamInit,
  config: LsqPlusConfig,
): LearnedQuantParams {
  assertInit(init);
  const spec = lsqPlusConfigSpec(config);
  if (!spec.learnBeta && init.beta.some((v) => v !== 0)) {
    throw new QuantError(`LSQ+ ${config} fixes beta = 0, but the init has a non-zero beta`);
  }
  return {
    s: variableOf(init.s, init.shape),
    beta: spec.learnBeta ? variableOf(init.beta, init.shape) : null,
  };
}

/**
 * Project s back to s >= floor after an optimizer step (methods.md 4.3 "keep s > 0: clamp to eps after
 * each step"). Device-side, no read: safe in the training step. Default floor: float32 eps.
 */
export function clampScale(params: LearnedQuantParams, floor: number = SCALE_FLOOR): void {
  tf.tidy(() => params.s.assign(tf.maximum(params.s, floor)));
}

/**
 * Read s and beta for display and validation, on a cadence (reads the device). Throws a QuantError if
 * s is non-finite or <= 0, or beta is non-finite, so NaN from a diverged step is reported, not shown.
 */
export function readLearnedParams(params: LearnedQuantParams): LearnedParamInit {
  const shape = params.s.shape.slice();
  const s = Float32Array.from(params.s.dataSync());
  const beta =
    params.beta === null ? new Float32Array(s.length) : Float32Array.from(params.beta.dataSync());
  const read = { shape, s, beta };
  assertInit(read);
  return read;
}

/** Dispose the variables of one quantizer. */
export function disposeLearnedParams(params: LearnedQuantParams): void {
  params.s.dispose();
  params.beta?.dispose();
}
