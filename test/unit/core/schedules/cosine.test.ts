import { describe, expect, it } from 'vitest';
import { cosineLearningRate, cosineRamp } from '../../../../src/core/schedules/cosine';

describe('cosineRamp ([OSC-code] CosineTempDecay, methods.md 5.3/5.4)', () => {
  // T = 100, t0 = 0.25*100 = 25, ramp 0 -> 0.1
  const opts = { totalSteps: 100, start: 0, end: 0.1, relStart: 0.25 };

  it('holds start during the warm-up and at t0', () => {
    expect(cosineRamp(0, opts)).toBe(0);
    expect(cosineRamp(24, opts)).toBe(0);
    // t = 25: r = 0 -> 0.1 + 0.5*(0 - 0.1)*(1 + cos 0) = 0.1 - 0.1 = 0
    expect(cosineRamp(25, opts)).toBeCloseTo(0, 12);
  });

  it('quarter, middle and end of the ramp', () => {
    // t = 43.75: r = 18.75/75 = 0.25 -> 0.1 - 0.05*(1 + cos(pi/4)) = 0.1 - 0.05*1.70710678 = 0.014644661
    expect(cosineRamp(43.75, opts)).toBeCloseTo(0.014644661, 8);
    // t = 62.5: r = 0.5 -> 0.1 - 0.05*(1 + 0) = 0.05
    expect(cosineRamp(62.5, opts)).toBeCloseTo(0.05, 12);
    // t = 100: r = 1 -> 0.1 - 0.05*(1 - 1) = 0.1
    expect(cosineRamp(100, opts)).toBeCloseTo(0.1, 12);
  });

  it('[LAB] holds the end value past T (r clamped to 1)', () => {
    expect(cosineRamp(150, opts)).toBeCloseTo(0.1, 12);
  });

  it('decays as well as ramps up; relStart 0 starts at once', () => {
    // start 0.1 -> end 0.01, T = 10, no warm-up: t = 5 -> r = 0.5 -> 0.01 + 0.5*0.09 = 0.055
    const decay = { totalSteps: 10, start: 0.1, end: 0.01, relStart: 0 };
    expect(cosineRamp(0, decay)).toBeCloseTo(0.1, 12);
    expect(cosineRamp(5, decay)).toBeCloseTo(0.055, 12);
  });

  it('bad input', () => {
    expect(() => cosineRamp(1, { ...opts, totalSteps: 0 })).toThrowError(/totalSteps/);
    expect(() => cosineRamp(1, { ...opts, relStart: 1 })).toThrowError(/relStart/);
    expect(() => cosineRamp(1, { ...opts, relStart: -0.1 })).toThrowError(/relStart/);
    expect(() => cosineRamp(Number.NaN, opts)).toThrowError(/step/);
    expect(() => cosineRamp(1, { ...opts, end: Number.POSITIVE_INFINITY })).toThrowError(/end/);
  });
});

describe('cosineLearningRate (recipe cosine:0, methods.md 5.5)', () => {
  it('start, third, middle and end values', () => {
    expect(cosineLearningRate(0, 90, 0.0033)).toBeCloseTo(0.0033, 12);
    // e = 30: 0.5*0.0033*(1 + cos(pi/3)) = 0.5*0.0033*1.5 = 0.002475
    expect(cosineLearningRate(30, 90, 0.0033)).toBeCloseTo(0.002475, 12);
    expect(cosineLearningRate(45, 90, 0.0033)).toBeCloseTo(0.00165, 12);
    expect(cosineLearningRate(90, 90, 0.0033)).toBeCloseTo(0, 12);
    expect(cosineLearningRate(120, 90, 0.0033)).toBeCloseTo(0, 12);
    // with a floor: 1e-4 + 0.5*(0.01 - 1e-4)*(1 + 0) = 0.00505 at the middle
    expect(cosineLearningRate(5, 10, 0.01, 1e-4)).toBeCloseTo(0.00505, 12);
  });

  it('bad input', () => {
    expect(() => cosineLearningRate(0, 0, 0.1)).toThrowError(/totalEpochs/);
    expect(() => cosineLearningRate(-1, 10, 0.1)).toThrowError(/epoch/);
    expect(() => cosineLearningRate(0, 10, Number.NaN)).toThrowError(/baseLr/);
  });
});
