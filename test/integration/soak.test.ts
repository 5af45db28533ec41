// Soak: thousands of steps with every technique on at once must hold tfjs memory exactly flat and
// the JS heap bounded: one tensor leaked per step, or ~20 KB of JS heap per step, fails it.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test } from 'vitest';
import { createEngine } from '../../src/engine/engine';
import type { EngineEvent } from '../../src/engine/protocol';
import { testRecipe, nodeEnv } from '../helpers/node-engine';

// Batch 4 and the small CNN keep this near 30 ms a step on one busy core (about 2 minutes).
const STEPS = 3000;
/** Heap growth per step that fails the check: the quarter medians are 3/4 of the steps apart. */
const LEAK_BYTES_PER_STEP = 20 * 2 ** 10;
const METRICS_EVERY = 50;
/** Dampening and freezing start at 2 % of the steps; warm-up ends before that. */
const OSC_START = 0.02;

/** Every technique on: R2 Margin, KURE, LSQ+ with A4, oscillation tracking, dampening, freezing… */
const recipe = testRecipe({
  steps: STEPS,
  batchSize: 4,
  testExamples: 100,
  metricsEvery: METRICS_EVERY,
  evalEvery: 1000,
  seed: 3,
  r2: 'margin',
  r2Weight: 0.01,
  kure: 'on',
  kureWeight: 0.1,
  qat: 'lsq+',
  wBits: 3,
  aBits: '4',
  trackOscillations: 'on',
  dampening: 0.1,
  freezing: 'on',
  oscStart: OSC_START,
  warmupSteps: 60,
  lrSchedule: 'cosine',
  ptqEvery: 2500,
  ptqActBits: '8',
  firstLast8: 'on',
  bnReestimate: 'on',
});

interface Sample {
  step: number;
  numTensors: number;
  heapUsed: number;
}

/** Train to the end, keeping only a memory sample per metrics read (the events themselves go). */
async function soak(): Promise<{ samples: Sample[]; errors: EngineEvent[] }> {
  const samples: Sample[] = [];
  const errors: EngineEvent[] = [];
  const gc = (globalThis as { gc?: () => void }).gc; // only with --expose-gc
  let finish!: () => void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  const engine = createEngine(nodeEnv, (event) => {
    if (event.type === 'error') errors.push(event);
    if (event.type === 'phase' && (event.phase === 'finished' || event.phase === 'failed')) {
      finish();
    }
    if (event.type !== 'train-metrics') return;
    gc?.();
    const { numTensors } = event.memory!;
    samples.push({ step: event.step, numTensors, heapUsed: process.memoryUsage().heapUsed });
  });
  await engine.handle({ type: 'start', recipe: recipe });
  await done;
  await engine.destroy();
  return { samples, errors };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

describe('soak', () => {
  test(`${STEPS} steps with every option on: tensors flat, heap bounded`, async () => {
    const tensorsBefore = tf.memory().numTensors;
    const started = performance.now();
    const { samples, errors } = await soak();
    const seconds = (performance.now() - started) / 1000;
    expect(errors).toEqual([]);
    expect(samples.at(-1)?.step).toBe(STEPS);
    // Every technique has started one window after the oscillation start.
    const settled = samples.filter((s) => s.step > OSC_START * STEPS + METRICS_EVERY);
    const counts = settled.map((s) => s.numTensors);
    const heaps = samples.map((s) => s.heapUsed);
    const quarter = Math.floor(heaps.length / 4);
    const first = median(heaps.slice(0, quarter));
    const last = median(heaps.slice(-quarter));
    const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
    console.info(
      `soak: ${STEPS} steps in ${seconds.toFixed(0)} s; ${settled.length} settled samples; ` +
        `numTensors ${Math.min(...counts)}..${Math.max(...counts)}; heap MB ` +
        `${mb(Math.min(...heaps))}..${mb(Math.max(...heaps))}, quarter medians ` +
        `${mb(first)} -> ${mb(last)}`,
    );
    expect(settled.length).toBeGreaterThan(STEPS / METRICS_EVERY / 2);
    // Soft: a leak is reported by every check it breaks, tensors and heap.
    expect.soft(counts, 'live tensors at each read').toEqual(counts.map(() => counts[0]));
    const allowed = LEAK_BYTES_PER_STEP * 0.75 * STEPS;
    expect.soft(last, 'last-quarter median heap').toBeLessThan(first + allowed);
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  }, 900_000); // a hang guard for a loaded box, not a speed check
});
