// Seeded-loop property tests of the uniform quantizer (methods.md 1.1-1.3).
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import type { LayerKind } from '../../../../src/core/quant/layout';
import type { QuantizerConfig, QuantScheme, RangeMethod } from '../../../../src/core/quant/params';
import {
  expectNoLeak,
  normals,
  ptqCodes,
  ptqFakeQuantize,
  scoped,
  seededRandom,
  sse,
} from './helpers';

const SEEDS = [1, 2, 3, 4, 5, 6];
const SCHEMES: QuantScheme[] = ['symmetric', 'asymmetric'];
const RANGES: RangeMethod[] = ['min-max', 'mse'];

interface Case {
  values: Float32Array;
  shape: number[];
  kind: LayerKind;
}

/** A random kernel whose channels have scales spread over two decades, some with an outlier. */
function randomKernel(seed: number): Case {
  const rand = seededRandom(seed);
  const kinds: LayerKind[] = ['dense', 'conv2d', 'depthwise'];
  const kind = kinds[seed % 3]!;
  const shape =
    kind === 'dense'
      ? [4 + Math.floor(rand() * 12), 2 + Math.floor(rand() * 4)]
      : [3, 3, 1 + Math.floor(rand() * 3), 1 + Math.floor(rand() * 3)];
  const channels = kind === 'depthwise' ? shape[2]! * shape[3]! : shape[shape.length - 1]!;
  const scales = Array.from({ length: channels }, () => 10 ** (-2 + 2 * rand()));
  const shift = rand() < 0.5 ? 0 : 0.3; // some kernels are off-centre (asymmetric ranges)
  const values = normals(
    rand,
    shape.reduce((a, b) => a * b, 1),
  ).map((v, i) => (v + shift) * scales[i % channels]!);
  if (rand() < 0.5) values[Math.floor(rand() * values.length)]! *= 6; // an outlier
  return { values, shape, kind };
}

function configFor(
  c: Case,
  scheme: QuantScheme,
  range: RangeMethod,
  bits: number,
): QuantizerConfig {
  return { bits, scheme, range, granularity: 'per-channel', kind: c.kind };
}

function error(c: Case, config: QuantizerConfig): number {
  return tf.tidy(() => {
    const x = tf.tensor(c.values, c.shape);
    return sse(x, ptqFakeQuantize(x, config));
  });
}

describe('quantized values lie on the grid', () => {
  test.each(SEEDS)('seed %i: x_hat = s_c (code - z_c), codes integer in [n, p]', (seed) => {
    const c = randomKernel(seed);
    for (const scheme of SCHEMES) {
      for (const range of RANGES) {
        for (const bits of [2, 3, 5, 8]) {
          if (scheme === 'asymmetric' && range === 'mse' && bits > 5) continue; // cost, see range-mse
          const config = configFor(c, scheme, range, bits);
          const { hat, q } = expectNoLeak(() =>
            scoped(() => {
              const x = tf.tensor(c.values, c.shape);
              return { hat: ptqFakeQuantize(x, config).dataSync(), q: ptqCodes(x, config) };
            }),
          );
          const channels = q.scales.length;
          // channel axes are last in every layout, so the channel of flat index i is i % channels
          for (let i = 0; i < hat.length; i++) {
            const code = q.codes[i]!;
            expect(Number.isInteger(code) && code >= q.grid.n && code <= q.grid.p).toBe(true);
            const ch = i % channels;
            const level = code - q.zeroPoints[ch]!;
            const s = q.scales[ch]!;
            // float32: relative error of the product s * level
            expect(Math.abs(hat[i]! - s * level)).toBeLessThanOrEqual(
              1e-6 * s * Math.max(1, Math.abs(level)),
            );
          }
        }
      }
    }
  });
});

describe('per-tensor equals per-channel when all channels are identical', () => {
  test.each(SEEDS)('seed %i', (seed) => {
    const rand = seededRandom(100 + seed);
    const column = normals(rand, 9);
    const channels = 4;
    // dense [9, 4] with four identical columns
    const values = Float32Array.from(
      { length: 9 * channels },
      (_, i) => column[Math.floor(i / channels)]!,
    );
    for (const scheme of SCHEMES) {
      for (const range of RANGES) {
        const base: QuantizerConfig = { bits: 3, scheme, range, granularity: 'per-tensor' };
        const [a, b] = expectNoLeak(() =>
          tf.tidy(() => {
            const x = tf.tensor(values, [9, channels]);
            const perTensor = ptqFakeQuantize(x, base).dataSync();
            const perChannel = ptqFakeQuantize(x, {
              ...base,
              granularity: 'per-channel',
              kind: 'dense',
            }).dataSync();
            return [perTensor, perChannel];
          }),
        );
        a!.forEach((v, i) => expect(v).toBeCloseTo(b![i]!, 6));
      }
    }
  });
});

describe('error does not grow with bits, MSE range never worse than min-max', () => {
  test.each(SEEDS)('seed %i', (seed) => {
    const c = randomKernel(seed);
    for (const scheme of SCHEMES) {
      const maxBits = scheme === 'asymmetric' ? 5 : 8; // asymmetric MSE costs K (2^(b-1) - 1) passes
      let previous = { 'min-max': Infinity, mse: Infinity };
      for (let bits = 2; bits <= maxBits; bits++) {
        const mm = error(c, configFor(c, scheme, 'min-max', bits));
        const mse = error(c, configFor(c, scheme, 'mse', bits));
        expect(mse).toBeLessThanOrEqual(mm * (1 + 1e-6));
        expect(mm).toBeLessThanOrEqual(previous['min-max'] * (1 + 1e-6));
        expect(mse).toBeLessThanOrEqual(previous.mse * (1 + 1e-6));
        previous = { 'min-max': mm, mse };
      }
    }
  });
});
