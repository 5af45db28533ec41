import { describe, expect, it } from 'vitest';
import { toyRegressionGradient } from '../../../src/core/oscillation/toy-regression';
import {
  initToySimulation,
  runToySimulation,
  stepToySimulation,
  TOY_SIMULATION_DEFAULTS,
  toyGradient,
  toyGrid,
  toyInteger,
  toyQuantizedValue,
  toyTimeAverage,
  toyUnfreeze,
  type ToySimulationOptions,
} from '../../../src/core/oscillation/toy-simulation';

/** methods.md 5.7: s = 1, w* = 0.3, lr 0.1, start w = 0.9, m = 0.01, b = 4 (grid -8..7). */
const base: ToySimulationOptions = { ...TOY_SIMULATION_DEFAULTS };
const run = (o: ToySimulationOptions, n: number, wInit = 0.9) =>
  runToySimulation(initToySimulation(wInit, o), o, n);

describe('toy oscillation simulation (methods.md 5.2-5.4, 5.7)', () => {
  it('matches the hand-worked sequence of the first 9 steps', () => {
    // Expected gradient (E[x^2] = 1): w <- w - 0.1 * (q - 0.3), q = round(w) (half to even).
    // delta = prev int - new int, dir = sign(delta); a flip is dir * lastDir = -1, where lastDir
    // is the last NON-ZERO dir (starts 0); f <- 0.01 * flip + 0.99 * f.
    // step | q used | w after | int | delta | lastDir | flip | flips | f
    //   0  |   -    |  0.90   |  1  |   -   |    0    |  -   |   0   | 0
    //   1  |   1    |  0.83   |  1  |   0   |    0    |  0   |   0   | 0
    //   2  |   1    |  0.76   |  1  |   0   |    0    |  0   |   0   | 0
    //   3  |   1    |  0.69   |  1  |   0   |    0    |  0   |   0   | 0
    //   4  |   1    |  0.62   |  1  |   0   |    0    |  0   |   0   | 0
    //   5  |   1    |  0.55   |  1  |   0   |    0    |  0   |   0   | 0
    //   6  |   1    |  0.48   |  0  |  +1   |   +1    |  0   |   0   | 0      (first change)
    //   7  |   0    |  0.51   |  1  |  -1   |   -1    |  1   |   1   | 0.01
    //   8  |   1    |  0.44   |  0  |  +1   |   +1    |  1   |   2   | 0.0199
    //   9  |   0    |  0.47   |  0  |   0   |   +1    |  0   |   2   | 0.019701
    // (Step 10 would land on w = 0.50, a rounding tie, so the hand sequence stops at 9.)
    const states = run(base, 9);
    expect(states.map((s) => s.w)).toEqual(
      [0.83, 0.76, 0.69, 0.62, 0.55, 0.48, 0.51, 0.44, 0.47].map((v) => expect.closeTo(v, 12)),
    );
    expect(states.map((s) => s.wInt)).toEqual([1, 1, 1, 1, 1, 0, 1, 0, 0]);
    expect(states.map((s) => s.osc.lastDir)).toEqual([0, 0, 0, 0, 0, 1, -1, 1, 1]);
    expect(states.map((s) => s.osc.count)).toEqual([0, 0, 0, 0, 0, 0, 1, 2, 2]);
    const f = states.map((s) => s.osc.frequency);
    expect(f.slice(0, 6)).toEqual([0, 0, 0, 0, 0, 0]);
    expect(f[6]).toBeCloseTo(0.01, 12);
    expect(f[7]).toBeCloseTo(0.0199, 12);
    expect(f[8]).toBeCloseTo(0.019701, 12);
    // q used in steps 1..9: 1,1,1,1,1,1,0,1,0 -> sum 7
    expect(states[8]!.qSum).toBe(7);
    expect(toyQuantizedValue(states[8]!, 1)).toBe(0);
  });

  it('the gradient equals toyRegressionGradient inside the grid, and clips outside', () => {
    const o = { ...base, dampening: 0.3 };
    const params = { wStar: 0.3, scale: 1, lr: 0.1, dampening: 0.3 };
    for (const w of [-2.2, -0.4, 0.3, 0.49, 0.51, 3.7]) {
      const wInt = toyInteger(w, 1, toyGrid(4));
      expect(toyGradient(w, wInt, false, o)).toBeCloseTo(toyRegressionGradient(w, 1, params), 12);
    }
    // b = 2: grid -2..1; w = 3 clips to int 1, so dampening is 0 and the task gradient stays.
    const o2 = { ...o, bits: 2 };
    expect(toyInteger(3, 1, toyGrid(2))).toBe(1);
    expect(toyGradient(3, 1, false, o2)).toBeCloseTo(0.7, 12);
    // frozen: no task gradient, only the dampening pull towards s * frozenInt
    expect(toyGradient(0.4, 1, true, o)).toBeCloseTo(2 * 0.3 * (0.4 - 1), 12);
    // a sampled E[x^2] scales the task term only
    expect(toyGradient(0.4, 0, false, o, 2)).toBeCloseTo(2 * -0.3 + 0.6 * 0.4, 12);
  });

  it('without help the weight hovers at the threshold and the time average of q tends to w*', () => {
    const states = run(base, 2000);
    const last = states[states.length - 1]!;
    expect(Math.abs(last.w - 0.5)).toBeLessThan(0.1);
    expect(last.osc.count).toBeGreaterThan(500);
    expect(toyTimeAverage(last)).toBeCloseTo(0.3, 2);
    // w* on a grid point: no oscillation at all
    const onGrid = run({ ...base, wStar: 0 }, 200);
    expect(onGrid[199]!.osc.count).toBe(0);
    expect(toyTimeAverage(initToySimulation(0.9, base))).toBeNaN();
  });

  it('dampening lowers the flip count over 200 steps, and a strong one stops it', () => {
    const flips = (dampening: number) => run({ ...base, dampening }, 200)[199]!.osc.count;
    const none = flips(0);
    expect(flips(0.1)).toBeLessThan(none);
    expect(flips(0.2)).toBeLessThan(flips(0.1));
    // lambda = 0.5: at q = 0 the gradient is -0.3 + 2 * 0.5 * w, zero at w = 0.3 < 0.5: it settles
    expect(flips(0.5)).toBe(0);
  });

  it('freezing stops the flips once frozen, at round(ema_int)', () => {
    const o = { ...base, freezeThreshold: 0.05 };
    const states = run(o, 400);
    const k = states.findIndex((s) => s.frozen);
    expect(k).toBeGreaterThan(0);
    expect(states[k]!.osc.frequency).toBeGreaterThan(0.05);
    expect(states[k - 1]!.frozen).toBe(false);
    // The next forward switches to the frozen integer (at most one last flip), then nothing moves.
    expect(states[k + 1]!.osc.count - states[k]!.osc.count).toBeLessThanOrEqual(1);
    const after = states.slice(k + 1);
    expect(new Set(after.map((s) => s.osc.count)).size).toBe(1);
    expect(new Set(after.map((s) => s.wInt)).size).toBe(1);
    expect(new Set(after.map((s) => s.w)).size).toBe(1); // no dampening: the latent w stands still
    expect(after[after.length - 1]!.osc.frequency).toBeLessThan(0.05);
    // [LAB] unfreezing lets it move again
    const thawed = toyUnfreeze(states[399]!, base);
    expect(thawed.frozen).toBe(false);
    expect(runToySimulation(thawed, base, 50)[49]!.osc.count).toBeGreaterThan(
      states[399]!.osc.count,
    );
  });

  it('without freezing nothing freezes and ema_int never starts', () => {
    const last = run(base, 300)[299]!;
    expect(last.frozen).toBe(false);
    expect(last.emaInt).toBeNull();
  });

  it('bad options throw a clear error', () => {
    const init = initToySimulation(0.9, base);
    expect(() => stepToySimulation(init, { ...base, bits: 1 })).toThrowError(/bits/);
    expect(() => stepToySimulation(init, { ...base, bits: 9 })).toThrowError(/bits/);
    expect(() => stepToySimulation(init, { ...base, bits: 2.5 })).toThrowError(/bits/);
    expect(() => stepToySimulation(init, { ...base, lr: 0 })).toThrowError(/learning rate/);
    expect(() => stepToySimulation(init, { ...base, lr: -0.1 })).toThrowError(/learning rate/);
    expect(() => initToySimulation(0.9, { ...base, scale: 0 })).toThrowError(/scale/);
    expect(() => initToySimulation(0.9, { ...base, dampening: -1 })).toThrowError(/dampening/);
    expect(() => initToySimulation(0.9, { ...base, momentum: 0 })).toThrowError(/momentum/);
    expect(() => initToySimulation(0.9, { ...base, freezeThreshold: -1 })).toThrowError(/freeze/);
    expect(() => initToySimulation(Number.NaN, base)).toThrowError(/wInit/);
    expect(() => stepToySimulation(init, base, -1)).toThrowError(/xSquared/);
    expect(() => runToySimulation(init, base, 1.5)).toThrowError(/steps/);
  });
});
