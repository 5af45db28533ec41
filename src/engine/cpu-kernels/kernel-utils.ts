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

/** Geometry of a convolution or pooling call, as tfjs computes it. */
export type ConvInfo = tf.backend_util.Conv2DInfo;

/** A rank-4 shape (NHWC tensors, HWIO filters). */
export type Shape4 = [number, number, number, number];

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

/** The buffer of `slot` in `slots`, replaced by `allocate(size)` when missing or too short. */
function reusable<T extends Float32Array | Float64Array>(
  slots: Map<string, T>,
  allocate: (size: number) => T,
  slot: string,
  size: number,
): T {
  let buf = slots.get(slot);
  if (buf === undefined || buf.length < size) {
    buf = allocate(size);
    slots.set(slot, buf);
  }
  return buf;
}

/** A reusable float32 buffer of at least `size` elements for slot `slot` (contents undefined). */
export function scratch32(slot: string, size: number): Float32Array {
  return reusable(scratch32Slots, (n) => new Float32Array(n), slot, size);
}

/** A reusable float64 buffer of at least `size` elements for slot `slot` (contents undefined). */
export function scratch64(slot: string, size: number): Float64Array {
  return reusable(scratch64Slots, (n) => new Float64Array(n), slot, size);
}

/** Drops every scratch buffer (called on uninstall so the memory can be reclaimed). */
export function releaseScratch(): void {
  scratch32Slots.clear();
  scratch64Slots.clear();
}
