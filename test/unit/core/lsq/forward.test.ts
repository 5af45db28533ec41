// Forward values of LSQ (methods.md 4.1) and LSQ+ (methods.md 4.2), computed by hand.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { lsqFakeQuant, lsqGrid } from '../../../../src/core/lsq/lsq';
import { lsqPlusFakeQuant, LSQ_PLUS_CONFIGS } from '../../../../src/core/lsq/lsq-plus';
import { expectNoLeak } from './helpers';

const V = [-1.3, -0.6, 0.1, 0.35, 0.9];

function lsq(values: number[], s: number, bits: number, grid: 'unsigned' | 'signed-full') {
  return expectNoLeak(() =>
    tf.tidy(() =>
      Array.from(
        lsqFakeQuant(tf.tensor1d(values), tf.scalar(s), { bits, grid, role: 'weight' }).dataSync(),
      ),
    ),
  );
}

describe('LSQ forward (methods.md 4.1)', () => {
  test('grids: signed-full [-2^(b-1), 2^(b-1)-1] and unsigned [0, 2^b-1]', () => {
    expect(lsqGrid(2, 'signed-full')).toEqual({ n: -2, p: 1 });
    expect(lsqGrid(3, 'signed-full')).toEqual({ n: -4, p: 3 });
    expect(lsqGrid(2, 'unsigned')).toEqual({ n: 0, p: 3 });
    expect(lsqGrid(3, 'unsigned')).toEqual({ n: 0, p: 7 });
  });

  test('b = 2, signed grid [-2, 1], s = 0.5', () => {
    // v/s = [-2.6, -1.2, 0.2, 0.7, 1.8] -> round [-3, -1, 0, 1, 2] -> clip [-2, -1, 0, 1, 1]
    // v_hat = 0.5 * [-2, -1, 0, 1, 1]
    const out = lsq(V, 0.5, 2, 'signed-full');
    [-1, -0.5, 0, 0.5, 0.5].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
  });

  test('b = 3, signed grid [-4, 3], s = 0.25', () => {
    // v/s = [-5.2, -2.4, 0.4, 1.4, 3.6] -> round [-5, -2, 0, 1, 4] -> clip [-4, -2, 0, 1, 3]
    // v_hat = 0.25 * [-4, -2, 0, 1, 3]
    const out = lsq(V, 0.25, 3, 'signed-full');
    [-1, -0.5, 0, 0.25, 0.75].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
  });

  test('b = 2, unsigned grid [0, 3], s = 0.5', () => {
    // v/s = [-2.6, -1.2, 0.2, 0.7, 1.8] -> round [-3, -1, 0, 1, 2] -> clip [0, 0, 0, 1, 2]
    const out = lsq(V, 0.5, 2, 'unsigned');
    [0, 0, 0, 0.5, 1].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
  });

  test('b = 3, unsigned grid [0, 7], s = 0.25', () => {
    // v/s = [-5.2, -2.4, 0.4, 1.4, 3.6] -> round [-5, -2, 0, 1, 4] -> clip [0, 0, 0, 1, 4]
    const out = lsq(V, 0.25, 3, 'unsigned');
    [0, 0, 0, 0.25, 1].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
  });

  test('rounds half to even, as torch.round', () => {
    // v/s = [0.5, 1.5, 2.5] -> half-to-even [0, 2, 2] (half-up would give [1, 2, 3])
    expect(lsq([0.25, 0.75, 1.25], 0.5, 3, 'unsigned')).toEqual([0, 1, 1]);
  });

  test('per-channel s broadcasts over the last axis of a dense kernel', () => {
    // w = [[0.3, 3], [-0.3, -9]] (rows = inputs, columns = output channels), s = [0.2, 2], b = 3 signed
    // channel 0: w/s = [1.5, -1.5] -> half-even [2, -2] -> x 0.2 = [0.4, -0.4]
    // channel 1: w/s = [1.5, -4.5] -> [2, -4] -> clip [2, -4] -> x 2 = [4, -8]
    const out = expectNoLeak(() =>
      tf.tidy(() => {
        const w = tf.tensor2d([
          [0.3, 3],
          [-0.3, -9],
        ]);
        const s = tf.tensor2d([[0.2, 2]]);
        return lsqFakeQuant(w, s, { bits: 3, grid: 'signed-full', role: 'weight' }).arraySync();
      }),
    ) as number[][];
    [0.4, 4, -0.4, -8].forEach((e, i) => expect(out.flat()[i]).toBeCloseTo(e, 5));
  });
});

describe('LSQ+ forward (methods.md 4.2)', () => {
  // x chosen so that u = (x - beta) / s sits away from rounding ties.
  const X = [-1.2, -0.45, 0.1, 0.35, 0.9, 1.6];

  function plus(
    s: number,
    beta: number | null,
    bits: number,
    config: keyof typeof LSQ_PLUS_CONFIGS,
  ) {
    return expectNoLeak(() =>
      tf.tidy(() => {
        const params = { s: tf.scalar(s), beta: beta === null ? null : tf.scalar(beta) };
        const out = lsqPlusFakeQuant(tf.tensor1d(X), params, { bits, config, role: 'activation' });
        return Array.from(out.dataSync());
      }),
    );
  }

  test('b = 2, config 3 (unsigned [0, 3], learned beta), s = 0.5, beta = -0.3', () => {
    // u = (x + 0.3) / 0.5 = [-1.8, -0.3, 0.8, 1.3, 2.4, 3.8]
    // round [-2, 0, 1, 1, 2, 4] -> clamp [0, 3]: [0, 0, 1, 1, 2, 3]; x_hat = 0.5 * q - 0.3
    const out = plus(0.5, -0.3, 2, 'unsigned-asymmetric');
    [-0.3, -0.3, 0.2, 0.2, 0.7, 1.2].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
  });

  test('b = 2, config 4 (signed [-2, 1], learned beta), s = 0.5, beta = -0.3', () => {
    // same u; clamp [-2, 1]: [-2, 0, 1, 1, 1, 1]; x_hat = 0.5 * q - 0.3
    const out = plus(0.5, -0.3, 2, 'signed-asymmetric');
    [-1.3, -0.3, 0.2, 0.2, 0.2, 0.2].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
  });

  test('b = 3, config 3 (unsigned [0, 7]), s = 0.25, beta = -0.3', () => {
    // u = (x + 0.3) / 0.25 = [-3.6, -0.6, 1.6, 2.6, 4.8, 7.6]
    // round [-4, -1, 2, 3, 5, 8] -> clamp [0, 7]: [0, 0, 2, 3, 5, 7]; x_hat = 0.25 * q - 0.3
    const out = plus(0.25, -0.3, 3, 'unsigned-asymmetric');
    [-0.3, -0.3, 0.2, 0.45, 0.95, 1.45].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
  });

  test('b = 3, config 4 (signed [-4, 3]), s = 0.25, beta = -0.3', () => {
    // same u; clamp [-4, 3]: [-4, -1, 2, 3, 3, 3]; x_hat = 0.25 * q - 0.3
    const out = plus(0.25, -0.3, 3, 'signed-asymmetric');
    [-1.3, -0.55, 0.2, 0.45, 0.45, 0.45].forEach((e, i) => expect(out[i]).toBeCloseTo(e, 6));
  });

  test('configs 1 and 2 (beta fixed at 0) equal LSQ on the same grid', () => {
    // config 1, b = 2, s = 0.5: x/s = [-2.4, -0.9, 0.2, 0.7, 1.8, 3.2] -> round [-2, -1, 0, 1, 2, 3]
    //   clamp [0, 3]: [0, 0, 0, 1, 2, 3] -> x_hat [0, 0, 0, 0.5, 1, 1.5]
    // config 2, b = 2: clamp [-2, 1]: [-2, -1, 0, 1, 1, 1] -> x_hat [-1, -0.5, 0, 0.5, 0.5, 0.5]
    const c1 = plus(0.5, null, 2, 'unsigned-symmetric');
    const c2 = plus(0.5, null, 2, 'signed-symmetric');
    [0, 0, 0, 0.5, 1, 1.5].forEach((e, i) => expect(c1[i]).toBeCloseTo(e, 6));
    [-1, -0.5, 0, 0.5, 0.5, 0.5].forEach((e, i) => expect(c2[i]).toBeCloseTo(e, 6));
    expect(c1).toEqual(lsq(X, 0.5, 2, 'unsigned'));
    expect(c2).toEqual(lsq(X, 0.5, 2, 'signed-full'));
  });

  test('the configuration table matches methods.md 4.2', () => {
    const rows = Object.values(LSQ_PLUS_CONFIGS).map((c) => [c.index, c.grid, c.learnBeta]);
    expect(rows).toEqual([
      [1, 'unsigned', false],
      [2, 'signed-full', false],
      [3, 'unsigned', true],
      [4, 'signed-full', true],
    ]);
  });

  test('outputs lie on the grid s * {n..p} + beta (seeded property)', () => {
    expectNoLeak(() =>
      tf.tidy(() => {
        for (let bits = 2; bits <= 8; bits++) {
          const x = tf.randomNormal([64], 0.3, 1.2, 'float32', bits);
          const s = 0.17;
          const beta = -0.4;
          const params = { s: tf.scalar(s), beta: tf.scalar(beta) };
          const out = lsqPlusFakeQuant(x, params, {
            bits,
            config: 'signed-asymmetric',
            role: 'activation',
          }).dataSync();
          const { n, p } = lsqGrid(bits, 'signed-full');
          for (const v of out) {
            const q = (v - beta) / s;
            expect(Math.abs(q - Math.round(q))).toBeLessThan(1e-3);
            expect(Math.round(q)).toBeGreaterThanOrEqual(n);
            expect(Math.round(q)).toBeLessThanOrEqual(p);
          }
        }
      }),
    );
  });
});
