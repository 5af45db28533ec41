/**
 * Protocol pieces of the weights export: the `export-weights` command and the `weights` event.
 * Kept beside the exporter so the protocol unions only list them (see protocol.ts).
 */
import { z } from 'zod';
import { MAX_BITS, MIN_BITS } from '../../core/quant/bits';

/** UI -> engine: export the current run's weights, integer codes at `bits` (paused or finished). */
/** A bit width the lab quantizes to. */
const bitsSchema = z.number().int().min(MIN_BITS).max(MAX_BITS);

export const exportWeightsCommandSchema = z.object({
  type: z.literal('export-weights'),
  bits: bitsSchema,
});
export type ExportWeightsCommand = z.infer<typeof exportWeightsCommandSchema>;

/** One entry of tfjs's weights manifest (`tf.io.WeightsManifestEntry`, float32 only here). */
export const weightSpecSchema = z.object({
  name: z.string(),
  shape: z.array(z.number().int().min(0)),
  dtype: z.literal('float32'),
});

/** One BN-folded kernel on its integer grid: x ≈ scale * (code - zeroPoint), per channel. */
export const quantizedLayerSchema = z.object({
  /** Layer name as the lab shows it, e.g. 'conv2'. */
  name: z.string(),
  kind: z.enum(['conv2d', 'depthwise', 'dense']),
  /** Bit width of this layer (8 for the first and last layer when `firstLast8` is on). */
  bits: bitsSchema,
  /** Integer grid [n, p] the codes lie in. */
  n: z.number().int(),
  p: z.number().int(),
  /** Kernel shape in the TF.js layout (output channels last). */
  shape: z.array(z.number().int()),
  /** Integer codes, row-major in `shape`. */
  codes: z.array(z.number().int()),
  /** Keep-dims shape of `scales` and `zeroPoints` (1 on reduced axes): broadcasts against `shape`. */
  scaleShape: z.array(z.number().int()),
  /** Step size s per channel (one value per tensor), row-major in `scaleShape`, weight units. */
  scales: z.array(z.number()),
  /** Zero point z per channel in integer units (0 for the symmetric scheme). */
  zeroPoints: z.array(z.number().int()),
  /** Bias of the deploy model in float: BN folded in (beta + (b - mean) * g), or the layer's own. */
  bias: z.array(z.number()).nullable(),
});
export type QuantizedLayer = z.infer<typeof quantizedLayerSchema>;

/**
 * Engine -> UI: the current run's weights after `step` steps. `fp32` is tfjs's io format
 * (`weightSpecs` plus `weightData` as base64, so `tf.io.decodeWeights(bytes, weightSpecs)` reads
 * it back); `quantized` holds each kernel, BN folded, on the PTQ settings' grid at `bits`.
 */
export const weightsEventSchema = z.object({
  type: z.literal('weights'),
  step: z.number().int(),
  /** The model's display name. */
  model: z.string(),
  /** Requested weight bit width. */
  bits: bitsSchema,
  fp32: z.object({ weightSpecs: z.array(weightSpecSchema), weightData: z.string() }),
  quantized: z.object({
    /** Plain-words PTQ method (scheme, granularity, range, BN folded, first/last layer rule). */
    method: z.string(),
    layers: z.array(quantizedLayerSchema),
  }),
});
export type WeightsEvent = z.infer<typeof weightsEventSchema>;
