import { describe, expect, it } from 'vitest';
import type { Shape } from 'plotly.js';
import { toyFigure, toyLevels, toyThreshold } from '../../../src/ui/toy/toy-figure';
import { advanceToyRun, freshToyRun, replaceToySim } from '../../../src/ui/toy/toy-history';
import {
  applyToyPatch,
  TOY_CONTROL_DEFAULTS,
  toyScale,
  toySimulationOptions,
  toyStartWeight,
  toyTargetRange,
} from '../../../src/ui/toy/toy-options';
import { initToySimulation, toyUnfreeze } from '../../../src/core/oscillation/toy-simulation';

const defaults = TOY_CONTROL_DEFAULTS;

describe('toy widget options', () => {
  it('bits set the spacing of a grid inside [-1, 1)', () => {
    expect([2, 3, 4].map(toyScale)).toEqual([0.5, 0.25, 0.125]);
    expect(toyTargetRange(2)).toMatchObject({ min: -1, max: 0.5 });
    expect(toyTargetRange(4)).toMatchObject({ min: -1, max: 0.875 });
  });

  it('clamps every control, the target to the new grid when the bits change', () => {
    const c = applyToyPatch({ ...defaults, bits: 4, wStar: 0.8 }, { bits: 2 });
    expect(c).toMatchObject({ bits: 2, wStar: 0.5 });
    expect(applyToyPatch(defaults, { bits: 9 }).bits).toBe(4);
    expect(applyToyPatch(defaults, { lr: 0 }).lr).toBe(0.01);
    expect(applyToyPatch(defaults, { lr: Number.NaN }).lr).toBe(defaults.lr);
    expect(applyToyPatch(defaults, { dampening: -3 }).dampening).toBe(0);
    expect(applyToyPatch(defaults, { wStar: -7 }).wStar).toBe(-1);
  });

  it('maps controls to simulation options (freezing off = threshold 0, m = 0.01)', () => {
    expect(toySimulationOptions(defaults)).toEqual({
      wStar: 0.3,
      bits: 2,
      scale: 0.5,
      lr: 0.1,
      dampening: 0,
      freezeThreshold: 0,
      momentum: 0.01,
    });
    expect(toySimulationOptions({ ...defaults, freezeOn: true }).freezeThreshold).toBe(0.2);
  });

  it('starts 0.1 s below the grid point above w* (methods.md 5.7: 0.9 at s = 1)', () => {
    expect(toyStartWeight(0.3, 1)).toBeCloseTo(0.9, 12);
    expect(toyStartWeight(0.3, 0.5)).toBeCloseTo(0.45, 12);
  });
});

describe('toy widget history and figure', () => {
  const o = toySimulationOptions(defaults);

  it('keeps the last `cap` points and the latest state', () => {
    let run = freshToyRun(0.45, o);
    expect(run.history.step).toEqual([0]);
    run = advanceToyRun(run, o, 7, 5);
    expect(run.sim.step).toBe(7);
    expect(run.history.step).toEqual([3, 4, 5, 6, 7]);
    expect(run.history.q[4]).toBe(o.scale * run.sim.wInt);
    expect(run.history.w[4]).toBe(run.sim.w);
    expect(advanceToyRun(run, o, 0)).toBe(run);
  });

  it('replacing the state redraws the last q', () => {
    const run = freshToyRun(0.45, o);
    const frozen = { ...run.sim, frozen: true, frozenInt: -1, wInt: -1 };
    const out = replaceToySim(run, toyUnfreeze(frozen, o), o.scale);
    expect(out.history.q).toEqual([0.5]);
    expect(out.sim.frozen).toBe(false);
  });

  it('draws w, q, the target, every grid level and the threshold', () => {
    const run = advanceToyRun(freshToyRun(0.45, o), o, 20);
    const fig = toyFigure({ history: run.history, wStar: 0.3, scale: 0.5, bits: 2 });
    expect(fig.points).toBe(42);
    expect(fig.data.map((d) => d.name)).toEqual(['latent w', 'quantized q(w)', 'target w*']);
    expect(toyLevels(2, 0.5)).toEqual([-1, -0.5, 0, 0.5]);
    expect(toyThreshold(0.3, 0.5)).toBe(0.25);
    const ys = (fig.layout.shapes as Partial<Shape>[]).map((s) => s.y0);
    expect(ys).toEqual([-1, -0.5, 0, 0.5, 0.25]);
    expect(fig.layout.yaxis?.range).toEqual([-1.25, 0.75]);
    expect(fig.layout.uirevision).toBe('toy-2');
  });

  it('a fresh run is the core start state', () => {
    expect(freshToyRun(0.45, o).sim).toEqual(initToySimulation(0.45, o));
  });
});
