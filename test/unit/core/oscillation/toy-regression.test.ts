import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { createOscillationTracker } from '../../../../src/core/oscillation/tracker';
import {
  initScalarOscillation,
  roundHalfEven,
  type ScalarOscillationState,
  stepScalarOscillation,
  TOY_REGRESSION_DEFAULTS,
  toyQuantize,
  toyRegressionGradient,
  toyRegressionStep,
  toyUpperShare,
} from '../../../../src/core/oscillation/toy-regression';

const params = { wStar: 0.3, scale: 1, lr: 0.1, dampening: 0 };

describe('toy regression (methods.md 5.7)', () => {
  it('rounds half to even like tf.round', () => {
    expect([0.9, 2.5, 2.3, 1.5, -4.5, -1.5, 0.5, -0.5].map(roundHalfEven)).toEqual([
      1, 2, 2, 2, -4, -2, 0, -0,
    ]);
  });

  it('STE gradient E[x^2](q(w) - w*) and one SGD step, hand computed', () => {
    // w = 0.9: q = 1, grad = 1 * (1 - 0.3) = 0.7, step: 0.9 - 0.1*0.7 = 0.83
    expect(toyQuantize(0.9, 1)).toBe(1);
    expect(toyRegressionGradient(0.9, 1, params)).toBeCloseTo(0.7, 12);
    expect(toyRegressionStep(0.9, 1, params)).toBeCloseTo(0.83, 12);
    // w = 0.4: q = 0, grad = 1 * (0 - 0.3) = -0.3 -> w goes up to 0.43
    expect(toyRegressionStep(0.4, 1, params)).toBeCloseTo(0.43, 12);
    // with dampening 0.5 at w = 0.4: -0.3 - 2*0.5*(0 - 0.4) = -0.3 + 0.4 = 0.1 (pulled to 0)
    expect(toyRegressionGradient(0.4, 1, { ...params, dampening: 0.5 })).toBeCloseTo(0.1, 12);
  });

  it('without dampening w hovers at the threshold 0.5 and q(w) flips; share at w_up -> 0.3', () => {
    let w = TOY_REGRESSION_DEFAULTS.wInit;
    let up = 0;
    let osc = initScalarOscillation(roundHalfEven(w));
    const steps = 2000;
    for (let i = 0; i < steps; i++) {
      w = toyRegressionStep(w, 1, params);
      if (toyQuantize(w, 1) === 1) up++;
      osc = stepScalarOscillation(osc, roundHalfEven(w), 0.01);
    }
    expect(Math.abs(w - 0.5)).toBeLessThan(0.1);
    expect(up / steps).toBeCloseTo(toyUpperShare(0.3, 1).share, 1);
    expect(osc.count).toBeGreaterThan(100);
  });

  it('upper share (w* - w_down)/(w_up - w_down)', () => {
    expect(toyUpperShare(0.3, 1)).toEqual({ wDown: 0, wUp: 1, share: 0.3 });
    // s = 0.5, w* = 0.6: grid points 0.5 and 1.0, share (0.6 - 0.5)/0.5 = 0.2
    expect(toyUpperShare(0.6, 0.5).share).toBeCloseTo(0.2, 12);
    expect(toyUpperShare(2, 1).share).toBe(1);
  });

  it('the scalar tracker equals the tensor tracker on seeded random integer walks', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 5; trial++) {
      const m = [0.5, 0.1, 0.001][trial % 3]!;
      let v = 0;
      const tracker = createOscillationTracker({ momentum: m });
      let scalar: ScalarOscillationState | null = null;
      for (let i = 0; i < 60; i++) {
        v += Math.floor(rand() * 3) - 1; // a random walk with steps -1, 0, +1
        tf.tidy(() => tracker.update(tf.tensor1d([v])));
        scalar = stepScalarOscillation(scalar ?? initScalarOscillation(v), v, m);
      }
      expect(tracker.state!.totalOscillations.dataSync()[0]).toBe(scalar!.count);
      expect(tracker.state!.frequency.dataSync()[0]).toBeCloseTo(scalar!.frequency, 5);
      expect(tracker.state!.lastDir.dataSync()[0]).toBe(scalar!.lastDir);
      tracker.dispose();
    }
  });

  it('bad input', () => {
    expect(() => toyRegressionGradient(0, 1, { ...params, scale: 0 })).toThrowError(/scale/);
    expect(() => toyUpperShare(0.3, -1)).toThrowError(/scale/);
    expect(() => stepScalarOscillation(initScalarOscillation(0), 1, 0)).toThrowError(/momentum/);
  });
});
