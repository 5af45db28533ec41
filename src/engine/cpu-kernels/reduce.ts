import * as tf from '@tensorflow/tfjs';
import { defineKernel } from './define-kernel';
import { type FastKernel, scratch64, sizeOf } from './kernel-utils';

// The stock Sum transposes the reduced axes innermost (a full copy through per-element index
// math) before summing, and Mean first divides every element by the count. When the reduced
// axes are one contiguous block, x is [outer, reduce, inner] without any copy and the sum is a
// streaming pass; batch norm's moments over [0,1,2], its gradient sums and global average
// pooling over [1,2] all have this form. Sums are accumulated in float64.

/** [outer, reduce, inner] sizes when `axes` is a contiguous block of `shape`, else null. */
function blockShape(shape: number[], axis: number | number[]) {
  let axes: number[];
  try {
    axes = tf.util.parseAxisParam(axis, shape);
  } catch {
    return null; // the stock kernel reports bad axes
  }
  if (axes.length === 0) return null;
  const sorted = [...new Set(axes)].sort((p, q) => p - q);
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (last - first + 1 !== sorted.length) return null;
  return {
    axes: sorted,
    outer: sizeOf(shape.slice(0, first)),
    reduce: sizeOf(shape.slice(first, last + 1)),
    inner: sizeOf(shape.slice(last + 1)),
  };
}

/** Inner sizes up to this are summed one column at a time, the sum held in a register. */
const NARROW = 16;

/** out[o*inner + i] = sum_r x[(o*reduce + r)*inner + i] / divisor. */
function reduceBlock(
  x: Float32Array,
  outer: number,
  reduce: number,
  inner: number,
  divisor: number,
): Float32Array {
  const out = new Float32Array(outer * inner);
  const acc = scratch64('reduce.acc', inner);
  for (let o = 0; o < outer; o++) {
    const base = o * reduce * inner;
    if (inner <= NARROW) {
      // Few channels (batch-norm sums over [0,1,2]): one strided pass per channel keeps the
      // running sum in a register, about twice as fast as updating an accumulator row.
      const end = base + reduce * inner;
      for (let i = 0; i < inner; i++) {
        let s = 0;
        for (let j = base + i; j < end; j += inner) s += x[j];
        out[o * inner + i] = s / divisor;
      }
      continue;
    }
    acc.fill(0, 0, inner);
    for (let r = 0, src = base; r < reduce; r++, src += inner) {
      for (let i = 0; i < inner; i++) acc[i] += x[src + i];
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i] / divisor;
  }
  return out;
}

function reduceKernel(name: string, mean: boolean): FastKernel {
  return defineKernel({
    name,
    inputs: ['x'],
    compute({ x }, { axis, keepDims }: tf.SumAttrs) {
      if (x.values.length === 0) return null;
      const block = blockShape(x.shape, axis);
      if (block === null) return null;
      const divisor = mean ? block.reduce : 1;
      const values = reduceBlock(x.values, block.outer, block.reduce, block.inner, divisor);
      const shape = keepDims
        ? x.shape.map((d, i) => (block.axes.includes(i) ? 1 : d))
        : x.shape.filter((_, i) => !block.axes.includes(i));
      return { shape, values };
    },
  });
}

/** Sum over a contiguous block of axes (float32). */
export const sumKernel: FastKernel = reduceKernel(tf.Sum, false);

/** Mean over a contiguous block of axes (float32). */
export const meanKernel: FastKernel = reduceKernel(tf.Mean, true);
