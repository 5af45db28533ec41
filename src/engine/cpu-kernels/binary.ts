import * as tf from '@tensorflow/tfjs';
import { defineKernel } from './define-kernel';
import { type FastKernel, scratch32, sizeOf } from './kernel-utils';

type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'sqdiff' | 'lessEqual';

// The stock binary kernels compute every broadcast element through indexToLoc/locToIndex (array
// allocations per element) and call the op through a closure. Here the broadcast is reduced to
// a few collapsed dimensions with per-operand strides (0 where an operand is broadcast) and the
// innermost dimension runs as a tight loop, one loop per op.

/** Collapsed broadcast iteration space, outermost dimension first. */
interface Plan {
  sizes: number[];
  aStrides: number[];
  bStrides: number[];
}

/** Row-major strides of `shape` aligned right against an output of rank `rank`, 0 if broadcast. */
function alignedStrides(shape: number[], outShape: number[]): number[] {
  const rank = outShape.length;
  const strides = new Array<number>(rank).fill(0);
  let stride = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    const d = rank - shape.length + i;
    strides[d] = shape[i] === 1 ? 0 : stride;
    stride *= shape[i];
  }
  return strides;
}

/** Drops size-1 dimensions and merges neighbours that both operands traverse contiguously. */
function makePlan(aShape: number[], bShape: number[], outShape: number[]): Plan {
  const aAll = alignedStrides(aShape, outShape);
  const bAll = alignedStrides(bShape, outShape);
  const plan: Plan = { sizes: [], aStrides: [], bStrides: [] };
  for (let d = outShape.length - 1; d >= 0; d--) {
    const size = outShape[d];
    if (size === 1) continue;
    const last = plan.sizes.length - 1;
    if (
      last >= 0 &&
      aAll[d] === plan.aStrides[last] * plan.sizes[last] &&
      bAll[d] === plan.bStrides[last] * plan.sizes[last]
    ) {
      plan.sizes[last] *= size;
    } else {
      plan.sizes.push(size);
      plan.aStrides.push(aAll[d]);
      plan.bStrides.push(bAll[d]);
    }
  }
  plan.sizes.reverse();
  plan.aStrides.reverse();
  plan.bStrides.reverse();
  return plan;
}

/** Computes out[o + i] = a[ai + i*sa] (op) b[bi + i*sb] for i < n: one row of the plan. */
type RowFn = (o: number, ai: number, sa: number, bi: number, sb: number, n: number) => void;

type Out = Float32Array | Uint8Array;

// One closure literal per op, so each inner loop sees a single element type and op (V8 keeps
// type feedback per literal) and the op is not a call per element. Comparisons are written as
// +(a <= b), which compiles without a branch (random signs would mispredict one).
const ROWS: Record<BinaryOp, (out: Out, a: Float32Array, b: Float32Array) => RowFn> = {
  add: (out, a, b) => (o, ai, sa, bi, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa] + b[bi + i * sb];
  },
  sub: (out, a, b) => (o, ai, sa, bi, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa] - b[bi + i * sb];
  },
  mul: (out, a, b) => (o, ai, sa, bi, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa] * b[bi + i * sb];
  },
  div: (out, a, b) => (o, ai, sa, bi, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = a[ai + i * sa] / b[bi + i * sb];
  },
  sqdiff: (out, a, b) => (o, ai, sa, bi, sb, n) => {
    for (let i = 0; i < n; i++) {
      const d = a[ai + i * sa] - b[bi + i * sb];
      out[o + i] = d * d;
    }
  },
  lessEqual: (out, a, b) => (o, ai, sa, bi, sb, n) => {
    for (let i = 0; i < n; i++) out[o + i] = +(a[ai + i * sa] <= b[bi + i * sb]);
  },
};

/** Computes out[i] = a[i] (op) b[i] for i < n: the same-shape case, without stride arithmetic. */
type FlatFn = (n: number) => void;

const FLAT: Record<BinaryOp, (out: Out, a: Float32Array, b: Float32Array) => FlatFn> = {
  add: (out, a, b) => (n) => {
    for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
  },
  sub: (out, a, b) => (n) => {
    for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
  },
  mul: (out, a, b) => (n) => {
    for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
  },
  div: (out, a, b) => (n) => {
    for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
  },
  sqdiff: (out, a, b) => (n) => {
    for (let i = 0; i < n; i++) {
      const d = a[i] - b[i];
      out[i] = d * d;
    }
  },
  lessEqual: (out, a, b) => (n) => {
    for (let i = 0; i < n; i++) out[i] = +(a[i] <= b[i]);
  },
};

/** True when both operands are read contiguously over the whole output (same shapes). */
function isFlat(plan: Plan): boolean {
  return plan.sizes.length === 1 && plan.aStrides[0] === 1 && plan.bStrides[0] === 1;
}

/**
 * Which operand is a vector repeated along the outer dimension of a rank-2 plan whose other
 * operand is contiguous: the channel-vector pattern ([N,H,W,C] against [C] or [1,1,1,C]).
 */
function repeatedSide(plan: Plan): 'a' | 'b' | null {
  if (plan.sizes.length !== 2 || plan.aStrides[1] !== 1 || plan.bStrides[1] !== 1) return null;
  const n = plan.sizes[1];
  if (plan.aStrides[0] === n && plan.bStrides[0] === 0) return 'b';
  if (plan.aStrides[0] === 0 && plan.bStrides[0] === n) return 'a';
  return null;
}

/** Length of the repeated vector copy: long rows, still small enough to stay in L1. */
const REPEAT_SPAN = 2048;

/**
 * The channel-vector pattern with rows of only C elements would pay one call per C outputs.
 * Repeating the vector into scratch turns it into rows of ~REPEAT_SPAN elements.
 */
function executeRepeated(
  op: BinaryOp,
  side: 'a' | 'b',
  n: number,
  out: Out,
  a: Float32Array,
  b: Float32Array,
): void {
  const times = Math.max(1, Math.floor(REPEAT_SPAN / n));
  const span = times * n;
  const vector = side === 'a' ? a : b;
  const repeated = scratch32('binary.repeat', span);
  for (let r = 0; r < span; r += n) for (let i = 0; i < n; i++) repeated[r + i] = vector[i];
  const row = side === 'a' ? ROWS[op](out, repeated, b) : ROWS[op](out, a, repeated);
  for (let o = 0; o < out.length; o += span) {
    const len = Math.min(span, out.length - o);
    if (side === 'a') row(o, 0, 1, o, 1, len);
    else row(o, o, 1, 0, 1, len);
  }
}

/** Runs `row` over the collapsed plan: an odometer over the outer dims, one call per row. */
function execute(plan: Plan, total: number, row: RowFn): void {
  const { sizes, aStrides, bStrides } = plan;
  const rank = sizes.length;
  if (rank === 0) {
    row(0, 0, 0, 0, 0, 1);
    return;
  }
  const n = sizes[rank - 1];
  const sa = aStrides[rank - 1];
  const sb = bStrides[rank - 1];
  const index = new Array<number>(rank - 1).fill(0);
  let ai = 0;
  let bi = 0;
  for (let o = 0; o < total; o += n) {
    row(o, ai, sa, bi, sb, n);
    for (let d = rank - 2; d >= 0; d--) {
      ai += aStrides[d];
      bi += bStrides[d];
      if (++index[d] < sizes[d]) break;
      ai -= aStrides[d] * sizes[d];
      bi -= bStrides[d] * sizes[d];
      index[d] = 0;
    }
  }
}

/**
 * A broadcasting binary kernel on float32 inputs (float32 output, or bool for comparisons);
 * other dtypes and invalid shapes go to the stock kernel.
 */
function binaryKernel(name: string, op: BinaryOp): FastKernel {
  const dtype = op === 'lessEqual' ? 'bool' : 'float32';
  return defineKernel({
    name,
    inputs: ['a', 'b'],
    dtype,
    compute({ a, b }) {
      let outShape: number[];
      try {
        outShape = tf.backend_util.assertAndGetBroadcastShape(a.shape, b.shape);
      } catch {
        return null; // let the stock kernel raise its own error
      }
      const size = sizeOf(outShape);
      const out = dtype === 'bool' ? new Uint8Array(size) : new Float32Array(size);
      const plan = makePlan(a.shape, b.shape, outShape);
      const side = repeatedSide(plan);
      if (size === 0) return { shape: outShape, values: out };
      if (isFlat(plan)) FLAT[op](out, a.values, b.values)(size);
      else if (side !== null) executeRepeated(op, side, plan.sizes[1], out, a.values, b.values);
      else execute(plan, size, ROWS[op](out, a.values, b.values));
      return { shape: outShape, values: out };
    },
  });
}

/** Add, Sub, Multiply, RealDiv, SquaredDifference and LessEqual with any broadcast. */
export const binaryKernels: readonly FastKernel[] = [
  binaryKernel(tf.Add, 'add'),
  binaryKernel(tf.Sub, 'sub'),
  binaryKernel(tf.Multiply, 'mul'),
  binaryKernel(tf.RealDiv, 'div'),
  binaryKernel(tf.SquaredDifference, 'sqdiff'),
  binaryKernel(tf.LessEqual, 'lessEqual'),
];
