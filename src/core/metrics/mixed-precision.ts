/**
 * A mixed-precision hint from per-layer sensitivity (the layer inspector): which layers to keep at
 * 8 bit so that the rest, quantized at the low width, stay within an accuracy budget. Pure.
 */

/** One layer's accuracy with only that layer quantized. */
export interface LayerAccuracy {
  name: string;
  accuracy: number;
}

/** The hint: layers to keep at 8 bit, most sensitive first, and the estimated drop left. */
export interface MixedPrecisionHint {
  keep: string[];
  /** Sum of the single-layer drops of the layers left at the low width (fractions of 1). */
  estimatedDrop: number;
}

/**
 * Keep the most sensitive layers at 8 bit until the single-layer drops (float accuracy minus the
 * accuracy with that layer alone quantized, floored at 0) of the layers left add up to at most
 * `budget`. Adding the drops is an estimate (layers' errors interact); the PTQ sweep with the
 * hint applied measures the real accuracy. Ties keep the model's layer order.
 */
export function mixedPrecisionHint(
  fpAccuracy: number,
  layers: readonly LayerAccuracy[],
  budget: number,
): MixedPrecisionHint {
  const drops = layers.map((l) => ({ name: l.name, drop: Math.max(0, fpAccuracy - l.accuracy) }));
  const bySensitivity = [...drops].sort((a, b) => b.drop - a.drop);
  let estimatedDrop = drops.reduce((sum, l) => sum + l.drop, 0);
  const keep: string[] = [];
  for (const layer of bySensitivity) {
    if (estimatedDrop <= budget + 1e-12 || layer.drop === 0) break;
    keep.push(layer.name);
    estimatedDrop -= layer.drop;
  }
  return { keep, estimatedDrop: Math.max(0, estimatedDrop) };
}
