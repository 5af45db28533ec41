import * as tf from '@tensorflow/tfjs';
import { QuantError } from '../errors';
import { assertBits } from '../quant/bits';
import { fakeQuantize } from '../quant/calibrate';
import type { Granularity, LayerKind } from '../quant/layout';
import type { QuantScheme, RangeMethod, SignedGrid } from '../quant/params';

/** Bit width the first and last quantized layers keep when `firstLastAt8Bit` is on (methods.md 1.5). */
export const FIRST_LAST_BITS = 8;

/** One named weight tensor of the deploy-form (BN-folded) model, in forward order. */
export interface PtqTensor {
  /** Unique name, e.g. 'conv1/kernel'. */
  name: string;
  tensor: tf.Tensor;
  /** Kernels are quantized; biases stay FP32 (int32 on hardware, methods.md 1.5 step 3). */
  role: 'kernel' | 'bias';
  /** Layer kind of a kernel (names its channel axes); required for kernels. */
  kind?: LayerKind;
}

/** Options of one PTQ point of the sweep (methods.md 1.5). */
export interface PtqOptions {
  /** Weight bit width b (2..8). */
  bits: number;
  scheme: QuantScheme;
  granularity: Granularity;
  range: RangeMethod;
  /** Symmetric grid (default 'signed-full'). */
  signedGrid?: SignedGrid;
  /** Symmetric only: unsigned grid for a non-negative tensor ([OSC-code]); default false. */
  unsignedWhenNonNegative?: boolean;
  /** Keep the first and last kernels (in list order) at 8 bit ([LSQ] convention). */
  firstLastAt8Bit: boolean;
  /** Activation bit width, for the label only; undefined = activations not quantized (A32). */
  activationBits?: number;
  /** MSE candidates K (default 100). */
  candidates?: number;
}

/** One output tensor: fake-quantized kernel or untouched (cloned) bias. */
export interface PtqWeight {
  name: string;
  tensor: tf.Tensor;
  /** Bits this tensor was quantized to; null = left in FP32. */
  bits: number | null;
}

/** Result of {@link ptqQuantizeWeights}. */
export interface PtqResult {
  /** Same order and names as the input. The caller owns every tensor. */
  weights: PtqWeight[];
  /** `W<b>A<b_a>` label (methods.md 1.5 step 4). */
  label: string;
}

/**
 * `W<b>A<b_a>` label of a PTQ point (methods.md 1.5 step 4): A32 when activations are not quantized.
 * The first/last-at-8-bit toggle is not part of the label; show it next to it.
 */
export function ptqLabel(bits: number, activationBits?: number): string {
  assertBits(bits);
  if (activationBits !== undefined) assertBits(activationBits);
  return `W${bits}A${activationBits ?? 32}`;
}

/**
 * Fake-quantize the kernels of a model for one PTQ point (methods.md 1.5 step 3): every kernel at
 * `bits` (or 8 bit for the first and last kernel in list order when `firstLastAt8Bit`), biases
 * untouched (returned as clones so the caller owns all outputs). Each kernel is calibrated on itself
 * (min-max or MSE, per tensor or per channel). PTQ-time: reads a few numbers per tensor. Pass the
 * BN-folded weights (foldBatchNorm) if the result should match deployment (methods.md 1.6).
 */
export function ptqQuantizeWeights(tensors: readonly PtqTensor[], options: PtqOptions): PtqResult {
  const label = ptqLabel(options.bits, options.activationBits);
  assertUniqueNames(tensors);
  const kernelIndices = tensors.flatMap((t, i) => (t.role === 'kernel' ? [i] : []));
  const first = kernelIndices[0];
  const last = kernelIndices[kernelIndices.length - 1];
  const weights: PtqWeight[] = [];
  try {
    tensors.forEach((t, i) => {
      if (t.role === 'bias') {
        weights.push({ name: t.name, tensor: tf.clone(t.tensor), bits: null });
        return;
      }
      const edge = i === first || i === last;
      const bits = options.firstLastAt8Bit && edge ? FIRST_LAST_BITS : options.bits;
      const tensor = fakeQuantize(t.tensor, {
        bits,
        scheme: options.scheme,
        signedGrid: options.signedGrid,
        unsignedWhenNonNegative: options.unsignedWhenNonNegative,
        granularity: options.granularity,
        kind: t.kind,
        range: options.range,
        candidates: options.candidates,
      });
      weights.push({ name: t.name, tensor, bits });
    });
  } catch (error) {
    // Leave nothing behind if one tensor is rejected; the message names it.
    tf.dispose(weights.map((w) => w.tensor));
    const name = tensors[weights.length]?.name ?? '?';
    const reason = error instanceof Error ? error.message : String(error);
    throw new QuantError(`PTQ of '${name}' failed: ${reason}`);
  }
  return { weights, label };
}

function assertUniqueNames(tensors: readonly PtqTensor[]): void {
  const seen = new Set<string>();
  for (const t of tensors) {
    if (seen.has(t.name)) throw new QuantError(`PTQ: duplicate weight name '${t.name}'`);
    seen.add(t.name);
  }
}
