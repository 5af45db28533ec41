import { describe, expect, it } from 'vitest';
import {
  dampeningWeightAt,
  freezeThresholdAt,
  freezeThresholdFinalForBits,
} from '../../../../src/core/schedules/oscillation-schedules';

// T = 1000 iterations: t0 = 0.25*1000 = 250, r = (t - 250)/750.
describe('dampening weight lambda(t) (methods.md 5.3)', () => {
  it('0 during the warm-up, cosine ramp 0 -> 0.1 afterwards', () => {
    expect(dampeningWeightAt(1, 1000)).toBe(0);
    expect(dampeningWeightAt(249, 1000)).toBe(0);
    expect(dampeningWeightAt(250, 1000)).toBeCloseTo(0, 12);
    // t = 625: r = 0.5 -> 0.1 + 0.5*(0 - 0.1)*(1 + 0) = 0.05
    expect(dampeningWeightAt(625, 1000)).toBeCloseTo(0.05, 12);
    // t = 437.5: r = 0.25 -> 0.1 - 0.05*(1 + 0.70710678) = 0.014644661
    expect(dampeningWeightAt(437.5, 1000)).toBeCloseTo(0.014644661, 8);
    expect(dampeningWeightAt(1000, 1000)).toBeCloseTo(0.1, 12);
  });

  it('options override the recipe values', () => {
    // start 0.2, final 0, no warm-up, T = 10: t = 5 -> 0 + 0.5*0.2*(1 + 0) = 0.1
    expect(dampeningWeightAt(5, 10, { start: 0.2, final: 0, annealStart: 0 })).toBeCloseTo(0.1, 12);
    expect(() => dampeningWeightAt(5, 10, { final: -1 })).toThrowError(/>= 0/);
  });
});

describe('freezing threshold f_th(t) (methods.md 5.4)', () => {
  it('0 = off during the warm-up, then cosine decay 0.1 -> 0.01', () => {
    expect(freezeThresholdAt(1, 1000)).toBe(0);
    expect(freezeThresholdAt(249, 1000)).toBe(0);
    // t = 250: r = 0 -> 0.01 + 0.5*0.09*2 = 0.1
    expect(freezeThresholdAt(250, 1000)).toBeCloseTo(0.1, 12);
    // t = 625: r = 0.5 -> 0.01 + 0.5*0.09*1 = 0.055
    expect(freezeThresholdAt(625, 1000)).toBeCloseTo(0.055, 12);
    expect(freezeThresholdAt(1000, 1000)).toBeCloseTo(0.01, 12);
  });

  it('3-bit recipe ends at 0.011: middle 0.011 + 0.5*0.089 = 0.0555', () => {
    const final = freezeThresholdFinalForBits(3);
    expect(final).toBe(0.011);
    expect(freezeThresholdAt(625, 1000, { final })).toBeCloseTo(0.0555, 12);
    expect(freezeThresholdFinalForBits(4)).toBe(0.01);
    expect(freezeThresholdFinalForBits(2)).toBe(0.01);
  });

  it('a start threshold of 0 disables freezing for the whole run', () => {
    expect(freezeThresholdAt(900, 1000, { start: 0, final: 0.005 })).toBe(0);
  });

  it('bad input', () => {
    expect(() => freezeThresholdAt(5, 0)).toThrowError(/totalSteps/);
    expect(() => freezeThresholdAt(5, 10, { start: -0.1 })).toThrowError(/>= 0/);
    expect(() => freezeThresholdAt(5, 10, { annealStart: 1 })).toThrowError(/relStart/);
  });
});
