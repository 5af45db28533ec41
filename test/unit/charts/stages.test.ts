// The fine-tune boundary of a two-stage run: one dashed line per run on every step axis.
import { describe, expect, test } from 'vitest';
import type { RunState } from '../../../src/store/run-state';
import { kurtosisFigure } from '../../../src/ui/charts/traces/kurtosis';
import { stageMarks, withStageMarks } from '../../../src/ui/charts/traces/stages';
import { trainingFigure } from '../../../src/ui/charts/traces/training';
import { overlayTwin } from '../../../src/ui/charts/traces/twin';

const twoStage = (pre: number): RunState['stages'] => [
  { type: 'stage', step: 0, stage: 'pretrain', steps: pre },
  { type: 'stage', step: pre, stage: 'fine-tune', steps: 20 },
];

const series = { step: [10, 20, 30], value: [1, 0.5, 0.25] };
const training = trainingFigure({
  trainLoss: series,
  testLoss: series,
  trainAccuracy: series,
  testAccuracy: series,
});

describe('stage marks', () => {
  test('one unlabelled-twin line at the fine-tune start; none before it or for one stage', () => {
    expect(stageMarks(twoStage(30), null)).toEqual([{ step: 30, label: 'fine-tune' }]);
    expect(stageMarks(twoStage(30).slice(0, 1), null)).toEqual([]);
    expect(stageMarks([], null)).toEqual([]);
    expect(stageMarks(twoStage(30), twoStage(30))).toEqual([{ step: 30, label: 'fine-tune' }]);
  });

  test("with the twin on and other boundaries, each run's own line, B's in B's dash", () => {
    expect(stageMarks(twoStage(30), twoStage(50))).toEqual([
      { step: 30, label: 'A · fine-tune' },
      { step: 50, label: 'B · fine-tune', dash: 'longdashdot' },
    ]);
    expect(stageMarks([], twoStage(50))).toEqual([
      { step: 50, label: 'B · fine-tune', dash: 'longdashdot' },
    ]);
  });
});

describe('withStageMarks', () => {
  test('adds a dashed line and its label on the step axis, as layout only', () => {
    const marked = withStageMarks(training, [{ step: 20, label: 'fine-tune' }]);
    expect(marked.data).toBe(training.data);
    expect(marked.layout.shapes).toEqual([
      expect.objectContaining({ type: 'line', xref: 'x', x0: 20, x1: 20, yref: 'paper' }),
    ]);
    expect(marked.layout.shapes![0]!.line).toMatchObject({ dash: 'dash' });
    expect(marked.layout.annotations).toEqual([
      expect.objectContaining({ text: 'fine-tune', xref: 'x', x: 20 }),
    ]);
  });

  test('keeps the shapes a figure has (the KURE target) and survives the twin overlay', () => {
    const kurtosis = kurtosisFigure([{ type: 'layer-stats', step: 10, layers: [] }], 1.8, true, []);
    const withPoints = { ...kurtosis, points: 1 };
    const marked = withStageMarks(overlayTwin(withPoints, withPoints), [{ step: 5, label: 'x' }]);
    expect(marked.layout.shapes).toHaveLength(2);
    expect(marked.layout.annotations).toHaveLength(1);
  });

  test("labels sit above the plot area; two twins' labels read away from each other", () => {
    const marked = withStageMarks(training, stageMarks(twoStage(50), twoStage(30)));
    const labels = marked.layout.annotations!;
    expect(labels.map((l) => [l.text, l.x, l.xanchor])).toEqual([
      ['A · fine-tune', 50, 'left'],
      ['B · fine-tune', 30, 'right'],
    ]);
    expect(labels.every((l) => l.yref === 'paper' && l.y === 1 && l.yanchor === 'bottom')).toBe(
      true,
    );
    expect(marked.layout.shapes!.map((s) => s.line?.dash)).toEqual(['dash', 'longdashdot']);
    expect(marked.layout.shapes!.every((s) => s.opacity === undefined)).toBe(true);
  });

  test('unchanged without marks, a step axis or points', () => {
    expect(withStageMarks(training, [])).toBe(training);
    const noAxis = { ...training, stepAxis: undefined };
    expect(withStageMarks(noAxis, [{ step: 20, label: 'fine-tune' }])).toBe(noAxis);
    const empty = { ...training, points: 0 };
    expect(withStageMarks(empty, [{ step: 20, label: 'fine-tune' }])).toBe(empty);
  });
});
