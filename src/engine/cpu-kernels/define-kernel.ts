import type * as tf from '@tensorflow/tfjs';
import type { FastKernel, KernelArgs } from './kernel-utils';

/** A float32 input of a kernel call: its shape and the backend's values (read, never written). */
export interface Operand {
  shape: number[];
  values: Float32Array;
}

/** What a kernel computed, before it becomes a tensor owned by the backend. */
export interface KernelOutput {
  shape: number[];
  values: Float32Array | Uint8Array;
}

/** The operands a kernel's `compute` receives: every required one, the optional ones present. */
export type Operands<Required extends string, Optional extends string> = Record<Required, Operand> &
  Partial<Record<Optional, Operand>>;

/** What `defineKernel` needs to know about one fast kernel. */
export interface KernelSpec<Required extends string, Optional extends string, Attrs> {
  /** The tfjs kernel it replaces. */
  name: string;
  /** Inputs that must be present and float32. */
  inputs: readonly Required[];
  /** Inputs that may be absent; when present they too must be float32. */
  optional?: readonly Optional[];
  /** Output dtype: float32 unless the kernel is a comparison ('bool', values 0 or 1). */
  dtype?: 'float32' | 'bool';
  /** The output, or null to leave this call to the stock kernel. */
  compute(inputs: Operands<Required, Optional>, attrs: Attrs): KernelOutput | null;
}

// Every fast kernel starts the same way (read its float32 inputs, decline anything else) and
// ends the same way (wrap the values as a backend tensor), so only `compute` differs.

/** A fast kernel that runs `spec.compute` when all its inputs are float32, else declines. */
export function defineKernel<
  const Required extends string,
  const Optional extends string = never,
  Attrs = unknown,
>(spec: KernelSpec<Required, Optional, Attrs>): FastKernel {
  return {
    kernelName: spec.name,
    run(args) {
      // Fast kernels are only installed on the CPU backend.
      const backend = args.backend as tf.MathBackendCPU;
      const inputs = readOperands(backend, args.inputs, spec.inputs, spec.optional ?? []);
      const attrs = args.attrs as unknown as Attrs;
      const out = inputs && spec.compute(inputs as Operands<Required, Optional>, attrs);
      return out && backend.makeTensorInfo(out.shape, spec.dtype ?? 'float32', out.values);
    },
  };
}

/** The named inputs as operands, or null when a required one is missing or any is not float32. */
function readOperands(
  backend: tf.MathBackendCPU,
  tensors: KernelArgs['inputs'],
  required: readonly string[],
  optional: readonly string[],
): Partial<Record<string, Operand>> | null {
  const operands: Partial<Record<string, Operand>> = {};
  for (const name of [...required, ...optional]) {
    const t = tensors[name];
    if (t === undefined && optional.includes(name)) continue;
    const input = operand(backend, t);
    if (input === null) return null;
    operands[name] = input;
  }
  return operands;
}

/** `t` as an operand, or null when it is missing, not float32, or has no plain data. */
function operand(backend: tf.MathBackendCPU, t: tf.TensorInfo | undefined): Operand | null {
  if (t === undefined || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? { shape: t.shape, values } : null;
}
