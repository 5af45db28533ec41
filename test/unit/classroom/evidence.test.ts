import { describe, expect, test } from 'vitest';
import type { EngineEvent } from '../../../src/engine/protocol';
import { EVIDENCE_IDS, type EvidenceId } from '../../../src/settings/preset-questions';
import { findPreset, presetRecipe } from '../../../src/settings/presets';
import { applyEvent, initialRunState, type RunState } from '../../../src/store/run-state';
import { evidenceFor } from '../../../src/ui/classroom/evidence';
import { ptqEvent } from '../../helpers/ptq-event';
import { techniqueEvent } from '../../helpers/technique-event';

/** A finished run of preset `presetId` (its recipe) that saw `events`. */
function finishedRun(presetId: string, events: EngineEvent[]): RunState {
  const start: RunState = { ...initialRunState(), recipe: presetRecipe(findPreset(presetId)!) };
  const end: EngineEvent = { type: 'phase', phase: 'finished', message: 'Finished.' };
  return [...events, end].reduce(applyEvent, start);
}

const stats = (step: number, layers: [string, number, number, number][]): EngineEvent => ({
  type: 'layer-stats',
  step,
  layers: layers.map(([name, kurtosis, maxAbs, std]) => ({
    name,
    kind: 'conv2d',
    kurtosis,
    maxAbs,
    std,
  })),
});

const testRead = (step: number, testAccuracy: number): EngineEvent => ({
  type: 'test-metrics',
  step,
  testAccuracy,
  testLoss: 0.3,
});

describe('evidence from a finished run', () => {
  test('conv2-kurtosis: first and last read of conv2', () => {
    const run = finishedRun('kure-w4', [
      stats(10, [
        ['conv1', 2.9, 1, 0.3],
        ['conv2', 3.1, 1, 0.3],
      ]),
      stats(200, [
        ['conv1', 2.5, 1, 0.3],
        ['conv2', 2.2, 1, 0.3],
      ]),
      stats(400, [
        ['conv1', 2.3, 1, 0.3],
        ['conv2', 1.8412, 1, 0.3],
      ]),
    ]);
    const e = evidenceFor('conv2-kurtosis', run);
    expect(e.value).toBeCloseTo(1.8412);
    expect(e.text).toContain('conv2’s kurtosis went from 3.10 at step 10 to 1.84 at step 400');
  });

  test('conv2-kurtosis: one read, or none for a model without conv2', () => {
    const one = finishedRun('kure-w4', [stats(10, [['conv2', 2.95, 1, 0.3]])]);
    expect(evidenceFor('conv2-kurtosis', one).text).toContain(
      'conv2’s kurtosis is 2.95 at step 10',
    );
    const other = finishedRun('kure-w4', [stats(10, [['stem', 3, 1, 0.3]])]);
    expect(evidenceFor('conv2-kurtosis', other)).toEqual({
      value: null,
      text: expect.stringContaining('no layer statistics for conv2'),
    });
  });

  test('max-over-std: each layer and their mean at the last read', () => {
    const run = finishedRun('r2-margin-w2', [
      stats(10, [
        ['conv1', 3, 2.4, 1],
        ['conv2', 3, 3.3, 1],
        ['dense', 1.8, 1.73, 1],
      ]),
      stats(400, [
        ['conv1', 2, 0.9, 0.5],
        ['conv2', 2.6, 0.476, 0.2],
        ['dense', 3, 0.682, 0.2],
      ]),
    ]);
    const e = evidenceFor('max-over-std', run);
    expect(e.value).toBeCloseTo((1.8 + 2.38 + 3.41) / 3);
    expect(e.text).toBe(
      'At step 400 the mean max|w|/std over 3 layers is 2.53 in this run (conv1 1.80, conv2 2.38, dense 3.41).',
    );
  });

  test('ptq-curve: float and W8/W4/W3/W2 of the last own sweep; value at W2', () => {
    const points: [number, number][] = [
      [2, 0.466],
      [3, 0.9225],
      [4, 0.9585],
      [5, 0.962],
      [8, 0.961],
    ];
    const run = finishedRun('baseline', [ptqEvent(400, {}, points, 0.961)]);
    const e = evidenceFor('ptq-curve', run);
    expect(e.value).toBe(0.466);
    expect(e.text).toBe(
      'After step 400: float 96.1 %; after PTQ W8 96.1 %, W4 95.9 %, W3 92.3 %, W2 46.6 % in this run.',
    );
  });

  test('ptq-curve: every width when none of 8, 4, 3, 2 was swept', () => {
    const run = finishedRun('baseline', [
      ptqEvent(
        400,
        {},
        [
          [5, 0.95],
          [6, 0.96],
        ],
        0.961,
      ),
    ]);
    const e = evidenceFor('ptq-curve', run);
    expect(e.text).toContain('W6 96.0 %, W5 95.0 %');
    expect(e.value).toBe(0.95);
  });

  test('lsq-offset: range and mean of the learned offsets, and the test accuracy', () => {
    const run = finishedRun('lsq-plus-swish-w4a4', [
      techniqueEvent('qat', 800, [
        ['stem', { weightStep: 0.01 }],
        ['block1/dw', { weightStep: 0.2, inputStep: 0.3, inputOffset: -0.21 }],
        ['block1/pw', { weightStep: 0.1, inputStep: 0.2, inputOffset: 0.03 }],
      ]),
      testRead(800, 0.903),
    ]);
    const e = evidenceFor('lsq-offset', run);
    expect(e.value).toBeCloseTo(-0.09);
    expect(e.text).toBe(
      'At step 800 the learned offsets β of 2 layers range from −0.21 to 0.030 (mean −0.090) in this run, whose test accuracy is 90.3 %.',
    );
  });

  test('oscillation-frequency: mean and highest layer of the last report', () => {
    const run = finishedRun('oscillations-w3', [
      techniqueEvent('oscillation', 1000, [['block1/dw', { frequency: 0.5 }]]),
      techniqueEvent('oscillation', 1200, [
        ['block1/dw', { frequency: 0.00002, frozen: 0 }],
        ['block1/pw', { frequency: 0.0001, frozen: 0 }],
      ]),
    ]);
    const e = evidenceFor('oscillation-frequency', run);
    expect(e.value).toBeCloseTo(0.00006);
    expect(e.text).toBe(
      'At step 1200 the mean oscillation frequency over 2 layers is 6.0 × 10⁻⁵ flips per step in this run (highest layer 0.00010).',
    );
  });

  test('frozen-share: mean share frozen beside the final threshold', () => {
    const run = finishedRun('freezing-w3', [
      techniqueEvent('oscillation', 1200, [
        ['block1/dw', { frequency: 0.00017, frozen: 0.008 }],
        ['block1/pw', { frequency: 0.00002, frozen: 0 }],
      ]),
    ]);
    const e = evidenceFor('frozen-share', run);
    expect(e.value).toBeCloseTo(0.004);
    expect(e.text).toBe(
      'At step 1200, 0.40 % of the tracked weights are frozen in this run (mean over 2 layers); the layers’ mean frequencies reach at most 0.00017 flips per step, against a threshold of 0.011.',
    );
  });

  test('frozen-share says when freezing is off', () => {
    const run = finishedRun('oscillations-w3', [
      techniqueEvent('oscillation', 1200, [['block1/dw', { frequency: 0.0001, frozen: 0 }]]),
    ]);
    expect(evidenceFor('frozen-share', run).text).toContain('(freezing is off)');
  });

  test('bn-gain: before, after and the change', () => {
    const bn = (before: number, after: number): EngineEvent => ({
      type: 'bn-reestimated',
      step: 1200,
      batches: 20,
      before,
      after,
    });
    const lost = evidenceFor('bn-gain', finishedRun('bn-reestimate', [bn(0.916, 0.913)]));
    expect(lost.value).toBeCloseTo(-0.003);
    expect(lost.text).toBe(
      'BN re-estimation after step 1200: test accuracy 91.6 % before, 91.3 % after (−0.3 pp) in this run.',
    );
    const gained = evidenceFor('bn-gain', finishedRun('oscillations-w3', [bn(0.876, 0.88)]));
    expect(gained.text).toContain('(+0.4 pp)');
  });

  test.each(EVIDENCE_IDS)('%s: value null and what is missing when the run lacks it', (id) => {
    const e = evidenceFor(id as EvidenceId, initialRunState());
    expect(e.value).toBeNull();
    expect(e.text).toMatch(/^This run has no /);
  });
});
