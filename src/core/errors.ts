/** A typed error for bad input to the math core (bit widths, empty or non-finite tensors). */
export class QuantError extends Error {
  override name = 'QuantError';
}
