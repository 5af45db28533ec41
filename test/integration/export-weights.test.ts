// The engine answers `export-weights` on a trained run with one valid weights event whose PTQ
// grid is the run's, and refuses it while there is no run.
import { describe, expect, test } from 'vitest';
import { weightsEventSchema } from '../../src/engine/export/weights-schema';
import { testRecipe, only, recordingEngine } from '../helpers/node-engine';

const RECIPE = testRecipe({
  steps: 20,
  batchSize: 32,
  metricsEvery: 10,
  evalEvery: 1000,
  testExamples: 200,
  ptqAtEnd: 'off',
  ptqRange: 'min-max',
  firstLast8: 'on',
});

describe('export-weights command', () => {
  test('is refused without a run, then answered after training with a valid event', async () => {
    const { engine, events, until } = recordingEngine();
    await engine.handle({ type: 'export-weights', bits: 4 });
    expect(only(events, 'error').at(-1)?.message).toMatch(/Cannot export the weights/);

    const done = until(['finished']);
    await engine.handle({ type: 'start', recipe: RECIPE });
    await done;
    await engine.handle({ type: 'export-weights', bits: 4 });
    const [weights] = only(events, 'weights');
    expect(weightsEventSchema.parse(weights)).toEqual(weights);
    expect(weights).toMatchObject({ step: 20, bits: 4, model: 'Small CNN' });
    expect(weights!.quantized.layers.map((l) => l.bits)).toEqual([8, 4, 8]);
    for (const layer of weights!.quantized.layers) {
      expect(Math.min(...layer.codes)).toBeGreaterThanOrEqual(layer.n);
      expect(Math.max(...layer.codes)).toBeLessThanOrEqual(layer.p);
    }
    await engine.destroy();
  });
});
