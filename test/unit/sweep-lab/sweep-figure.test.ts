// The sweep plot's figure: error bars over means, a faint dot per seed, diverged runs apart, A's
// own value marked, and the knob's axis type; and the verdict text of the table.
import { describe, expect, test } from 'vitest';
import type { PlotData } from 'plotly.js';
import { defaultRecipe } from '../../../src/settings/schema';
import { aggregateSweep } from '../../../src/sweep/aggregate';
import { summarizeRun } from '../../../src/sweep/run-summary';
import { sweepMetric } from '../../../src/sweep/sweep-metrics';
import { planSweep } from '../../../src/sweep/sweep-plan';
import type { SweepSpec } from '../../../src/sweep/sweep-types';
import { knobAxisType, sweepFigure, SWEEP_TRACES } from '../../../src/ui/sweep/sweep-figure';
import { versusText } from '../../../src/ui/sweep/versus-text';
import { runEvents } from './fake-engine-worker';

const recipe = { ...defaultRecipe(), steps: 5, learningRate: 0.01 };
const spec: SweepSpec = {
  knob: 'learningRate',
  values: [0.001, 0.01],
  seeds: 3,
  metric: 'test-acc',
};
const metric = sweepMetric('test-acc');
const plan = planSweep(recipe, spec);
const results = new Map(
  plan.map((run) => {
    const accuracy = () => 0.8 + run.valueIndex * 0.1 + run.seedIndex * 0.01;
    const diverges = () => run.valueIndex === 0 && run.seedIndex === 2;
    return [run.key, summarizeRun(runEvents(run.recipe, { accuracy, diverges }), run.recipe)];
  }),
);
const rows = aggregateSweep(plan, results, metric, 1);
const trace = (data: ReturnType<typeof sweepFigure>['data'], name: string) =>
  data.filter((t) => t.name === name) as Partial<PlotData>[];

describe('sweep figure', () => {
  test('means with error bars, a dot per seed, diverged runs apart, keys for clicks', () => {
    const { data, points, layout } = sweepFigure({ rows, spec, recipe, metric });
    const [mean] = trace(data, SWEEP_TRACES.mean);
    expect(mean!.x).toEqual([0.001, 0.01]);
    expect((mean!.y as number[]).map((y) => Math.round(y * 10) / 10)).toEqual([80.5, 91]);
    expect((mean!.error_y as { array: number[] }).array).toHaveLength(2);
    const [seeds] = trace(data, SWEEP_TRACES.seeds);
    expect(seeds!.x).toHaveLength(5);
    expect(seeds!.customdata).toContain(plan[0]!.key);
    const [diverged] = trace(data, SWEEP_TRACES.diverged);
    expect(diverged!.x).toEqual([0.001]);
    expect(diverged!.visible).toBe(true);
    expect(points).toBe(6);
    expect(layout.xaxis).toMatchObject({ type: 'log' });
  });

  test('A’s own value: a dotted line and a star on its mean', () => {
    const own = trace(sweepFigure({ rows, spec, recipe, metric }).data, SWEEP_TRACES.own);
    expect(own.map((t) => t.mode)).toEqual(['lines', 'markers']);
    expect(own[1]!.x).toEqual([0.01]);
    const elsewhere = { ...recipe, learningRate: 0.5 };
    const line = trace(
      sweepFigure({ rows, spec, recipe: elsewhere, metric }).data,
      SWEEP_TRACES.own,
    );
    expect(line.map((t) => t.mode)).toEqual(['lines']);
  });

  test('options are categories; a log knob with 0 among its values is linear', () => {
    expect(knobAxisType({ ...spec, knob: 'ptqGranularity', values: ['per-tensor'] })).toBe(
      'category',
    );
    expect(knobAxisType({ ...spec, knob: 'r2Weight', values: [0, 0.1] })).toBe('linear');
    expect(knobAxisType({ ...spec, knob: 'steps', values: [10, 20] })).toBe('linear');
  });

  test('the verdict text names the verdict, the interval and the paired seeds', () => {
    expect(versusText(metric, rows[1]!.versus)).toBe('baseline');
    // Value 0 has 2 seeds left (one diverged): paired, but too few for a verdict.
    expect(versusText(metric, rows[0]!.versus)).toBe(
      'too few seeds: −10.0% [−10.0%, −10.0%] over 2 seeds',
    );
    const few = {
      difference: { mean: 0.1, low: NaN, high: NaN },
      pairs: 1,
      verdict: 'too few seeds' as const,
    };
    expect(versusText(metric, few)).toBe('too few seeds (1 seed paired)');
  });
});
