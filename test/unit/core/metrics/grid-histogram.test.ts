// Histogram on the quantization grid, level fractions (issue 3 item 8).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import {
  floatEdges,
  gridHistogram,
  levelFractions,
  roundHalfEven,
} from '../../../../src/core/metrics/grid-histogram';
import { calibrate, quantizeToIntegers } from '../../../../src/core/quant/calibrate';
import { latentIntegers } from '../../../../src/core/quant/fake-quant';
import { intGrid } from '../../../../src/core/quant/grid';
import { disposeParams, type QuantizerConfig } from '../../../../src/core/quant/params';
import { expectClose, expectNoLeak, normals, seededRandom } from '../quant/helpers';

describe('roundHalfEven', () => {
  test('matches tf.round on ties and non-ties', () => {
    const v = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49, -3.51, 7];
    const tfRound = tf.tidy(() => Array.from(tf.round(tf.tensor(v)).dataSync()));
    expect(v.map(roundHalfEven).map((x) => x + 0)).toEqual(tfRound.map((x) => x + 0));
    expect(v.map(roundHalfEven).map((x) => x + 0)).toEqual([0, 2, 2, 0, -2, -2, 0, -4, 7]);
  });
});

describe('gridHistogram', () => {
  test('hand-computed: b = 2 signed full [-2, 1]', () => {
    // u:      -3.2 -2.6 -2.4 -1.5 -0.5  0.4  0.5  1.2  1.5  1.7
    // round:   -3   -3   -2   -2    0    0    0    1    2    2   (half to even: -1.5 -> -2)
    // level bins [-2.5,-1.5] [-1.5,-0.5] [-0.5,0.5] [0.5,1.5] -> counts [2, 0, 3, 1]
    // below the grid (rounds to < -2): 2; above (rounds to > 1): 2
    // beyond the clipping range u < -2: -3.2, -2.6, -2.4 = 3; u > 1: 1.2, 1.5, 1.7 = 3
    // quantized: [2 + 2, 0, 3, 1 + 2] = [4, 0, 3, 3]
    const u = [-3.2, -2.6, -2.4, -1.5, -0.5, 0.4, 0.5, 1.2, 1.5, 1.7];
    const h = gridHistogram(u, intGrid(2, 'signed-full'));
    expect(Array.from(h.levels)).toEqual([-2, -1, 0, 1]);
    expect(Array.from(h.edges)).toEqual([-2.5, -1.5, -0.5, 0.5, 1.5]);
    expect(Array.from(h.latentCounts)).toEqual([2, 0, 3, 1]);
    expect([h.belowGrid, h.aboveGrid]).toEqual([2, 2]);
    expect([h.clippedBelow, h.clippedAbove]).toEqual([3, 3]);
    expect(Array.from(h.quantizedCounts)).toEqual([4, 0, 3, 3]);
    expect(h.total).toBe(10);
  });

  test('quantized counts equal the tensor quantizer codes (seeded, per-channel asym)', () => {
    for (const seed of [11, 12, 13]) {
      const rand = seededRandom(seed);
      const values = normals(rand, 60);
      const config: QuantizerConfig = {
        bits: 3,
        scheme: 'asymmetric',
        granularity: 'per-channel',
        kind: 'dense',
        range: 'mse',
      };
      const { latent, codes } = expectNoLeak(() =>
        tf.tidy(() => {
          const x = tf.tensor(values, [20, 3]);
          const params = calibrate(x, config);
          const u = latentIntegers(x, params).dataSync();
          disposeParams(params);
          return { latent: u, codes: quantizeToIntegers(x, config).codes };
        }),
      );
      const grid = intGrid(3, 'unsigned');
      const h = gridHistogram(latent, grid);
      const fromCodes = levelFractions(codes, grid).map((f) => Math.round(f * codes.length));
      expect(Array.from(h.quantizedCounts)).toEqual(Array.from(fromCodes));
      const binned = h.latentCounts.reduce((a, b) => a + b, 0);
      expect(binned + h.belowGrid + h.aboveGrid).toBe(60);
    }
  });

  test('bad input: empty or non-finite latent values', () => {
    expect(() => gridHistogram([], intGrid(2, 'unsigned'))).toThrowError(/empty/);
    expect(() => gridHistogram([0, NaN], intGrid(2, 'unsigned'))).toThrowError(/non-finite/);
    expect(() => gridHistogram([0], intGrid(9, 'unsigned'))).toThrowError(/bits/);
  });
});

describe('levelFractions and floatEdges', () => {
  test('codes [0, 1, 1, 3] on [0, 3] -> [1/4, 2/4, 0, 1/4]', () => {
    expect(Array.from(levelFractions([0, 1, 1, 3], intGrid(2, 'unsigned')))).toEqual([
      0.25, 0.5, 0, 0.25,
    ]);
  });

  test('bad codes and empty input throw', () => {
    expect(() => levelFractions([0, 4], intGrid(2, 'unsigned'))).toThrowError(/not a level/);
    expect(() => levelFractions([0.5], intGrid(2, 'unsigned'))).toThrowError(/not a level/);
    expect(() => levelFractions([], intGrid(2, 'unsigned'))).toThrowError(/at least one/);
  });

  test('edges in weight units: s (edge - z), s = 0.5, z = 1 on [0, 3]', () => {
    // edges -0.5, 0.5, 1.5, 2.5, 3.5 -> minus z = -1.5, -0.5, 0.5, 1.5, 2.5 -> times 0.5
    expectClose(floatEdges(intGrid(2, 'unsigned'), 0.5, 1), [-0.75, -0.25, 0.25, 0.75, 1.25]);
    expect(() => floatEdges(intGrid(2, 'unsigned'), 0, 0)).toThrowError(/scale/);
  });
});
