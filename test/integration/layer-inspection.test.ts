// The layer inspector's live figures from the real engine on the CPU backend (issue 17).
import { describe, expect, test } from 'vitest';
import { only, testRecipe, trainToEnd } from '../helpers/node-engine';

const SHORT = {
  steps: 60,
  metricsEvery: 10,
  evalEvery: 20,
  testExamples: 200,
  ptqAtEnd: 'off',
} as const;

/** The last layer-sqnr event's per-tensor SQNR at `bits` per layer. */
function perTensorAt(events: Awaited<ReturnType<typeof trainToEnd>>, bits: number) {
  const last = only(events, 'layer-sqnr').at(-1)!;
  const q = last.quantizers.indexOf('per-tensor');
  const b = last.bits.indexOf(bits);
  return Object.fromEntries(last.layers.map((l) => [l.name, l.db[q]![b]!]));
}

describe('layer inspection', () => {
  test('every evaluation reports SQNR and outliers of every layer; SQNR rises with the bits', async () => {
    const events = await trainToEnd(testRecipe({ ...SHORT, seed: 4 }));
    const sqnr = only(events, 'layer-sqnr');
    const outliers = only(events, 'layer-outliers');
    expect(sqnr.map((e) => e.step)).toEqual([20, 40, 60]);
    expect(outliers.map((e) => e.step)).toEqual([20, 40, 60]);
    // Every layer's histogram at the start and at each evaluation; the chosen one is the plot's.
    const histograms = only(events, 'layer-histograms');
    expect(histograms.map((e) => e.step)).toEqual([0, 20, 40, 60]);
    for (const [i, { layers, step }] of histograms.entries()) {
      const chosen = only(events, 'histogram')[i]!;
      expect(chosen.step).toBe(step);
      expect(layers.map((h) => h.layer)).toEqual(sqnr[0]!.layers.map((l) => l.name));
      expect({ type: 'histogram', step, ...layers[testRecipe(SHORT).histLayer] }).toEqual(chosen);
    }
    const layers = only(events, 'layer-stats').at(-1)!.layers;
    const last = sqnr.at(-1)!;
    expect(last.layers.map((l) => l.name)).toEqual(layers.map((l) => l.name));
    for (const layer of last.layers) {
      for (const row of layer.db) {
        for (let b = 1; b < row.length; b++) expect(row[b]!).toBeGreaterThan(row[b - 1]!);
      }
    }
    for (const layer of outliers.at(-1)!.layers) {
      const stats = layers.find((l) => l.name === layer.name)!;
      // The top weight is the layer's max|w|, and it lies inside its channel's range.
      expect(Math.abs(layer.top[0]!.value)).toBeCloseTo(stats.maxAbs, 5);
      const { channel, value } = layer.top[0]!;
      expect(value).toBeGreaterThanOrEqual(layer.channelMin[channel]!);
      expect(value).toBeLessThanOrEqual(layer.channelMax[channel]!);
      const sizes = layer.top.map((w) => Math.abs(w.value));
      expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
    }
  });

  test('R2 L-inf raises the per-tensor SQNR of every layer over the baseline, same seed', async () => {
    const baseline = perTensorAt(await trainToEnd(testRecipe({ ...SHORT, seed: 5 })), 4);
    const r2 = perTensorAt(
      await trainToEnd(testRecipe({ ...SHORT, seed: 5, r2: 'linf', r2Weight: 0.1 })),
      4,
    );
    for (const [name, db] of Object.entries(baseline)) expect(r2[name]).toBeGreaterThan(db!);
  });
});
