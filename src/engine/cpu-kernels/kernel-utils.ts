import type * as tf from '@tensorflow/tfjs';

/** The argument object tfjs passes to every kernel function. */
export type KernelArgs = Parameters<tf.KernelFunc>[0];

/**
 * A fast kernel: `run` returns the output, or `null` when the inputs or attributes are outside
 * what it handles, in which case the installer calls the stock kernel instead. Declining is
 * always safe; a wrong answer never is.
 */
export interface FastKernel {
  readonly kernelName: string;
  run(args: KernelArgs): tf.TensorInfo | null;
}

/** The CPU backend that owns the tensors of a kernel call (fast kernels only run on 'cpu'). */
export function cpuBackend(args: KernelArgs): tf.MathBackendCPU {
  return args.backend as tf.MathBackendCPU;
}

/** The attributes of a kernel call, typed by the kernel's attribute interface. */
export function attrsOf<T>(args: KernelArgs): T {
  return args.attrs as unknown as T;
}

/** The float32 values of `t`, or null when `t` is missing, not float32, or has no plain data. */
export function f32(backend: tf.MathBackendCPU, t: tf.TensorInfo | undefined): Float32Array | null {
  if (t === undefined || t.dtype !== 'float32') return null;
  const values = backend.data.get(t.dataId).values;
  return values instanceof Float32Array ? values : null;
}

/** Wraps freshly computed values as a float32 output tensor owned by the backend. */
export function output(
  backend: tf.MathBackendCPU,
  shape: number[],
  values: Float32Array,
): tf.TensorInfo {
  return backend.makeTensorInfo(shape, 'float32', values);
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** True when a dilation attribute means "no dilation" (absent, 1 or [1,1]). */
export function unitDilation(d: number | number[] | undefined): boolean {
  if (d === undefined || d === null) return true;
  return typeof d === 'number' ? d === 1 : d.every((v) => v === 1);
}

/** True when a data-format attribute means NHWC (absent counts: tfjs defaults to NHWC). */
export function channelsLast(format: string | undefined): boolean {
  return format === undefined || format === null || format === 'NHWC';
}

/** True when the rounding mode is unset: non-default rounding is left to the stock kernels. */
export function defaultRounding(mode: string | undefined): boolean {
  return mode === undefined || mode === null;
}

// Scratch buffers are reused across calls so the hot kernels do not allocate per call or per
// tile. Kernels run synchronously on one thread (main thread or one Web Worker) and never call
// each other while holding a buffer, so a slot is never in use twice at once. Buffers only grow,
// to the largest size seen (for these models at most about 1 MB in all), and are dropped by
// uninstallFastCpuKernels.
const scratch32Slots = new Map<string, Float32Array>();
const scratch64Slots = new Map<string, Float64Array>();

/** A reusable float32 buffer of at least `size` elements for slot `slot` (contents undefined). */
export function scratch32(slot: string, size: number): Float32Array {
  let buf = scratch32Slots.get(slot);
  if (buf === undefined || buf.length < size) {
    buf = new Float32Array(size);
    scratch32Slots.set(slot, buf);
  }
  return buf;
}

/** A reusable float64 buffer of at least `size` elements for slot `slot` (contents undefined). */
export function scratch64(slot: string, size: number): Float64Array {
  let buf = scratch64Slots.get(slot);
  if (buf === undefined || buf.length < size) {
    buf = new Float64Array(size);
    scratch64Slots.set(slot, buf);
  }
  return buf;
}

/** Drops every scratch buffer (called on uninstall so the memory can be reclaimed). */
export function releaseScratch(): void {
  scratch32Slots.clear();
  scratch64Slots.clear();
}
