import * as tf from '@tensorflow/tfjs';
import { defineKernel } from './define-kernel';
import { sizeOf } from './kernel-utils';

// The stock Tile moves every element through TensorBuffer.get/set with index arithmetic. Batch
// norm's gradient tiles a [1,1,1,C] vector to the full activation shape, so here each dimension
// writes its first block and then replicates it with copyWithin (a memmove).

interface TileJob {
  x: Float32Array;
  shape: number[];
  reps: number[];
  xStrides: number[];
  oStrides: number[];
  out: Float32Array;
}

/** Writes the tiling of the sub-block of x at `xOff` (dimensions d and inner) at `oOff`. */
function tileBlock(job: TileJob, d: number, xOff: number, oOff: number): void {
  const { x, shape, xStrides, oStrides, out } = job;
  const n = shape[d];
  if (d === shape.length - 1) {
    for (let i = 0; i < n; i++) out[oOff + i] = x[xOff + i];
  } else {
    for (let i = 0; i < n; i++)
      tileBlock(job, d + 1, xOff + i * xStrides[d], oOff + i * oStrides[d]);
  }
  const span = n * oStrides[d];
  for (let r = 1; r < job.reps[d]; r++) out.copyWithin(oOff + r * span, oOff, oOff + span);
}

function rowMajorStrides(shape: number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i];
  }
  return strides;
}

/** Tile (tf.tile) on float32. */
export const tileKernel = defineKernel({
  name: tf.Tile,
  inputs: ['x'],
  compute({ x }, { reps }: tf.TileAttrs) {
    if (x.shape.length === 0 || reps.length !== x.shape.length) return null;
    const outShape = x.shape.map((d, i) => d * reps[i]);
    const out = new Float32Array(sizeOf(outShape));
    if (out.length > 0) {
      const xStrides = rowMajorStrides(x.shape);
      const oStrides = rowMajorStrides(outShape);
      tileBlock({ x: x.values, shape: x.shape, reps, xStrides, oStrides, out }, 0, 0, 0);
    }
    return { shape: outShape, values: out };
  },
});
