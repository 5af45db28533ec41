import { describe, expect, test } from 'vitest';
import {
  parseCommand,
  parseEvent,
  type EngineCommand,
  type EngineEvent,
} from '../../src/engine/protocol';
import { defaultRecipe } from '../../src/settings/schema';

describe('engine commands', () => {
  const recipe = defaultRecipe();
  const valid: EngineCommand[] = [
    { type: 'start', recipe },
    { type: 'pause' },
    { type: 'resume' },
    { type: 'step', recipe },
    { type: 'reset' },
    { type: 'probe', recipe },
    { type: 'simulate-device-loss' },
    { type: 'simulate-crash' },
  ];

  test.each(valid)('accepts a well-formed $type command unchanged', (command) => {
    expect(parseCommand(structuredClone(command))).toEqual(command);
  });

  test('rejects an unknown command type', () => {
    expect(() => parseCommand({ type: 'explode' })).toThrowError(/Malformed engine command/);
  });

  test('rejects a start without a recipe, naming the field', () => {
    expect(() => parseCommand({ type: 'start' })).toThrowError(/at recipe/);
  });

  test('rejects a recipe value outside its range, naming the key', () => {
    const bad = { type: 'start', recipe: { ...recipe, batchSize: 0 } };
    expect(() => parseCommand(bad)).toThrowError(/recipe\.batchSize/);
  });

  test('rejects a non-integer batch size and an unknown data set', () => {
    expect(() => parseCommand({ type: 'start', recipe: { ...recipe, batchSize: 2.5 } })).toThrow();
    expect(() =>
      parseCommand({ type: 'start', recipe: { ...recipe, dataset: 'cifar' } }),
    ).toThrowError(/recipe\.dataset/);
  });

  test('rejects non-objects', () => {
    for (const data of [null, 42, 'start', []]) expect(() => parseCommand(data)).toThrow();
  });
});

describe('engine events', () => {
  const valid: EngineEvent[] = [
    { type: 'phase', phase: 'running', message: 'Training…' },
    { type: 'backend', backend: 'webgpu', reason: '', fastCpuKernels: false },
    { type: 'dataset', dataset: 'fashion-mnist', trainCount: 12000, testCount: 2000 },
    {
      type: 'train-metrics',
      step: 10,
      loss: 0.5,
      terms: { task: 0.5 },
      trainAccuracy: 0.9,
      stepsPerSecond: 12.5,
    },
    {
      type: 'train-metrics',
      step: 20,
      loss: 0.4,
      terms: { task: 0.4 },
      trainAccuracy: 0.92,
      stepsPerSecond: 12.5,
      memory: { numTensors: 118, numBytes: 4_194_304 },
    },
    { type: 'error', kind: 'backend', message: 'The GPU device was lost at step 20 (destroyed).' },
    { type: 'test-metrics', step: 0, testAccuracy: 0.1, testLoss: 2.3 },
    { type: 'error', kind: 'diverged', message: 'NaN', step: 7 },
    { type: 'stage', step: 300, stage: 'fine-tune', steps: 200 },
  ];

  test.each(valid)('accepts a well-formed $type event unchanged', (event) => {
    expect(parseEvent(structuredClone(event))).toEqual(event);
  });

  test('rejects an unknown backend and a fractional step', () => {
    expect(() =>
      parseEvent({ type: 'backend', backend: 'wasm', reason: '', fastCpuKernels: false }),
    ).toThrowError(/backend/);
    expect(() =>
      parseEvent({
        type: 'train-metrics',
        step: 1.5,
        loss: 1,
        trainAccuracy: 0,
        stepsPerSecond: 1,
      }),
    ).toThrowError(/step/);
  });

  test('rejects a fractional tensor count, naming the memory field', () => {
    const metrics = { type: 'train-metrics', step: 1, loss: 1, terms: {}, trainAccuracy: 0 };
    const memory = { numTensors: 1.5, numBytes: 8 };
    expect(() => parseEvent({ ...metrics, stepsPerSecond: 1, memory })).toThrowError(
      /memory\.numTensors/,
    );
  });
});
