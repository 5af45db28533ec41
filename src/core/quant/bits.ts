/**
 * The lab's bit-width policy, defined once: which widths it quantizes to, which width each layer
 * gets, how activation bits are written, and how a PTQ point is labelled. Pure (no tfjs), so the
 * settings table, the engine and the UI all read it.
 */
import { QuantError } from '../errors';

/** Smallest and largest bit width the lab quantizes to (weights and activations). */
export const MIN_BITS = 2;
export const MAX_BITS = 8;

/** Every width of the PTQ sweep, W2..W8 (methods.md 1.5). */
export const BIT_WIDTHS: readonly number[] = Array.from(
  { length: MAX_BITS - MIN_BITS + 1 },
  (_, i) => MIN_BITS + i,
);

/** Width the first and last weight layers keep when "first/last at 8 bit" is on ([LSQ]). */
export const FIRST_LAST_BITS = 8;

/** Throw a QuantError unless `bits` is an integer in [MIN_BITS, MAX_BITS]. */
export function assertBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < MIN_BITS || bits > MAX_BITS) {
    throw new QuantError(`bits must be an integer from ${MIN_BITS} to ${MAX_BITS}, got ${bits}`);
  }
}

/** Where a weight layer sits in forward order: its index among `count` weight layers. */
export interface LayerPosition {
  index: number;
}

/**
 * The bit width of weight layer `layer` (of `count`) when the recipe asks for `bits`: the first
 * and last layers stay at {@link FIRST_LAST_BITS} when `firstLast8` is on (methods.md 1.5).
 * QAT, PTQ (weights and the last layer's input) and the export ask here; the histogram shows
 * QAT's quantizer as QAT built it, or the PTQ grid at the width the user picked for the view.
 */
export function bitsForLayer(
  layer: LayerPosition,
  count: number,
  bits: number,
  firstLast8: boolean,
): number {
  const edge = layer.index === 0 || layer.index === count - 1;
  return firstLast8 && edge ? FIRST_LAST_BITS : bits;
}

/**
 * Activation bits as a recipe writes them ('float' or a width as text) as a number, or null for
 * float (A32). The one parser: QAT and PTQ both read activation bits through it.
 */
export function activationBits(value: string): number | null {
  if (value === 'float') return null;
  const bits = Number(value);
  assertBits(bits);
  return bits;
}

/**
 * `W<b>A<b_a>` label of a PTQ point (methods.md 1.5 step 4): A32 when activations stay in float
 * (`activation` null). The first/last-at-8-bit rule is not part of the label; show it next to it.
 */
export function ptqLabel(bits: number, activation: number | null): string {
  assertBits(bits);
  if (activation !== null) assertBits(activation);
  return `W${bits}A${activation ?? 32}`;
}
