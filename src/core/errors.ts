/** A typed error for bad input to the math core (bit widths, empty or non-finite tensors). */
export class QuantError extends Error {
  override name = 'QuantError';
}

/** Smallest and largest bit width the lab quantizes to. */
export const MIN_BITS = 2;
export const MAX_BITS = 8;

/** Throw a QuantError unless `bits` is an integer in [MIN_BITS, MAX_BITS]. */
export function assertBits(bits: number): void {
  if (!Number.isInteger(bits) || bits < MIN_BITS || bits > MAX_BITS) {
    throw new QuantError(`bits must be an integer from ${MIN_BITS} to ${MAX_BITS}, got ${bits}`);
  }
}
