import { QuantError } from '../errors';

import type { LayerKind } from '../layer';

export type { LayerKind };

/** One scale for the whole tensor, or one per output channel (methods.md 1.2). */
export type Granularity = 'per-tensor' | 'per-channel';

const EXPECTED_RANK: Record<LayerKind, number> = { conv2d: 4, dense: 2, depthwise: 4 };

/** Throw a QuantError unless `shape` has the rank TF.js uses for `kind`. */
export function assertLayout(shape: readonly number[], kind: LayerKind): void {
  const rank = EXPECTED_RANK[kind];
  if (shape.length !== rank) {
    throw new QuantError(
      `a ${kind} kernel must have rank ${rank} (TF.js layout), got shape [${shape.join(', ')}]`,
    );
  }
}

/**
 * Axes a per-channel statistic reduces over (methods.md 1.2): every axis except the channel axes.
 * conv2d -> [0, 1, 2]; dense -> [0]; depthwise -> [0, 1] (so each (in, multiplier) pair keeps its
 * own scale). Per-tensor reduces every axis. The channel axes are the ones NOT listed.
 */
export function reduceAxes(
  shape: readonly number[],
  granularity: Granularity,
  kind?: LayerKind,
): number[] {
  const all = shape.map((_, i) => i);
  if (granularity === 'per-tensor') return all;
  if (kind === undefined) {
    throw new QuantError(
      'per-channel quantization needs the layer kind (conv2d, dense, depthwise)',
    );
  }
  assertLayout(shape, kind);
  return kind === 'depthwise' ? [0, 1] : all.slice(0, -1);
}

/**
 * Shape of a per-channel (or per-tensor) parameter (methods.md 1.2) that broadcasts against a tensor of `shape`:
 * the reduced axes become 1, the channel axes keep their size (keepDims layout).
 */
export function paramShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((size, i) => (axes.includes(i) ? 1 : size));
}

/** Number of independent scales for a tensor of `shape` reduced over `axes` (methods.md 1.2). */
export function channelCount(shape: readonly number[], axes: readonly number[]): number {
  return paramShape(shape, axes).reduce((a, b) => a * b, 1);
}
