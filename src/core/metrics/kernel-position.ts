import { QuantError } from '../errors';
import type { LayerKind } from '../layer';
import { assertLayout, reduceAxes } from '../quant/layout';

/** Where one weight sits in a kernel: its per-channel scale's channel and its other coordinates. */
export interface KernelPosition {
  /**
   * The channel whose per-channel scale the weight shares (methods.md 1.2): the output channel of
   * a conv2d or dense kernel, the (input, multiplier) pair of a depthwise one, flattened.
   */
  channel: number;
  /** Every coordinate in TF.js layout (conv2d [kh, kw, in, out], dense [in, out], depthwise [kh, kw, in, m]). */
  coords: number[];
}

/** Channels a per-channel quantizer gives `shape` (one scale each). */
export function channelsOf(shape: readonly number[], kind: LayerKind): number {
  const axes = reduceAxes(shape, 'per-channel', kind);
  return shape.reduce((n, size, i) => (axes.includes(i) ? n : n * size), 1);
}

/** The position of the weight at row-major `index` of a kernel of `shape`. */
export function kernelPosition(
  shape: readonly number[],
  kind: LayerKind,
  index: number,
): KernelPosition {
  assertLayout(shape, kind);
  const size = shape.reduce((a, b) => a * b, 1);
  if (!Number.isInteger(index) || index < 0 || index >= size) {
    throw new QuantError(`weight index ${index} is outside a kernel of ${size} weights`);
  }
  const coords: number[] = [];
  let rest = index;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    coords[axis] = rest % shape[axis]!;
    rest = Math.floor(rest / shape[axis]!);
  }
  // The channel axes are the trailing ones (reduceAxes), so the channel is the index modulo them.
  return { channel: index % channelsOf(shape, kind), coords };
}
