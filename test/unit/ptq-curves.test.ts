// PTQ curves in the store: the latest sweep per (run, quantizer), the recipe quantizer's history,
// the "clear extra curves" action, the twin's re-quantize command and the panel's rules.
import { beforeEach, describe, expect, test } from 'vitest';
import { defaultRecipe } from '../../src/settings/schema';
import type { EngineCommands } from '../../src/store/engine-bridge';
import { useLab } from '../../src/store/lab-store';
import { hasExtraCurves } from '../../src/store/ptq-curves';
import { applyEvent, initialRunState, type RunState } from '../../src/store/run-state';
import { twinCommands } from '../../src/store/twin-commands';
import {
  newRejection,
  parseStepScale,
  requantizeBlockedReason,
} from '../../src/ui/controls/requantize-state';
import { ptqEvent } from '../helpers/ptq-event';

const started = (): RunState => ({ ...initialRunState(), recipe: defaultRecipe() });
const labels = (s: RunState) => s.ptqCurves.map((c) => [c.step, c.quantizer.granularity]);

describe('PTQ curves in the run state', () => {
  test('one curve per quantizer, the latest sweep of each; history holds the recipe quantizer only', () => {
    let s = started();
    s = applyEvent(s, ptqEvent(10));
    s = applyEvent(s, ptqEvent(10, { granularity: 'per-tensor' }));
    s = applyEvent(s, ptqEvent(20));
    s = applyEvent(s, ptqEvent(20, { granularity: 'per-tensor', stepScale: 2 }));
    s = applyEvent(s, ptqEvent(30, { granularity: 'per-tensor' }));
    expect(
      s.ptqCurves.map((c) => [c.step, c.quantizer.granularity, c.quantizer.stepScale]),
    ).toEqual([
      [20, 'per-channel', 1],
      [30, 'per-tensor', 1],
      [20, 'per-tensor', 2],
    ]);
    expect(s.ptqHistory.map((e) => e.step)).toEqual([10, 20]);
    expect(s.ptq?.step).toBe(30);
    expect(hasExtraCurves(s, s.recipe)).toBe(true);
  });

  test('a new run starts without curves', () => {
    const s = applyEvent(started(), ptqEvent(10));
    useLab.setState({ run: s });
    useLab.getState().beginRun(defaultRecipe());
    expect(useLab.getState().run.ptqCurves).toEqual([]);
  });
});

describe('clear extra curves', () => {
  test("drops every re-quantization of A and B, keeping each run's own curve", () => {
    const withCurves = (s: RunState) =>
      [ptqEvent(10), ptqEvent(10, { fold: false }), ptqEvent(10, { range: 'min-max' })].reduce(
        applyEvent,
        s,
      );
    useLab.setState({ run: withCurves(started()), runB: withCurves(started()) });
    useLab.getState().clearPtqCurves();
    const { run, runB } = useLab.getState();
    for (const s of [run, runB]) {
      expect(labels(s)).toEqual([[10, 'per-channel']]);
      expect(s.ptq?.quantizer.fold).toBe(true);
      expect(hasExtraCurves(s, s.recipe)).toBe(false);
    }
  });

  test('with only re-quantizations, nothing is left', () => {
    useLab.setState({ run: applyEvent(started(), ptqEvent(10, { stepScale: 3 })) });
    useLab.getState().clearPtqCurves();
    expect(useLab.getState().run.ptqCurves).toEqual([]);
    expect(useLab.getState().run.ptq).toBeNull();
  });
});

describe('re-quantize command with the twin', () => {
  test('A and B get the same quantizer; B only while the twin is on', () => {
    const log: unknown[] = [];
    const engine = (tag: string) =>
      ({ runPtq: (q?: unknown) => void log.push([tag, q]) }) as unknown as EngineCommands;
    const commands = twinCommands(engine('a'), () => engine('b'));
    useLab.setState({ twin: { on: false, overrides: {} } });
    commands.runPtq({ granularity: 'per-tensor' });
    useLab.setState({ twin: { on: true, overrides: { kure: 'on' } } });
    commands.runPtq({ stepScale: 2 });
    expect(log).toEqual([
      ['a', { granularity: 'per-tensor' }],
      ['a', { stepScale: 2 }],
      ['b', { stepScale: 2 }],
    ]);
  });
});

describe('re-quantize panel rules', () => {
  beforeEach(() => useLab.setState({ twin: { on: false, overrides: {} } }));

  test('blocked before any run and while training, open on an idle or diverged run', () => {
    const run = (phase: RunState['phase'], error: RunState['error'] = null) => ({
      ...started(),
      phase,
      error,
    });
    expect(requantizeBlockedReason(initialRunState())).toMatch(/no trained weights/);
    expect(requantizeBlockedReason(run('running'))).toMatch(/Training is running/);
    expect(requantizeBlockedReason(run('loading'))).toMatch(/Training is running/);
    expect(requantizeBlockedReason(run('failed', { kind: 'data', message: 'x' }))).toMatch(
      /no trained weights/,
    );
    expect(requantizeBlockedReason(run('paused'))).toBeNull();
    expect(requantizeBlockedReason(run('finished'))).toBeNull();
    expect(requantizeBlockedReason(run('failed', { kind: 'diverged', message: 'x' }))).toBeNull();
  });

  test('the step scale is a positive number up to 16', () => {
    expect(parseStepScale('1.5')).toEqual({ ok: true, value: 1.5 });
    for (const bad of ['', '0', '-1', '17', 'abc']) expect(parseStepScale(bad).ok).toBe(false);
  });

  test('only a refusal that came after the click is shown', () => {
    const old = { kind: 'rejected' as const, message: 'old' };
    const fresh = { kind: 'rejected' as const, message: 'Cannot run the PTQ sweep: busy.' };
    expect(newRejection(old, undefined)).toBeNull();
    expect(newRejection(old, old)).toBeNull();
    expect(newRejection(fresh, old)).toBe(fresh.message);
    expect(newRejection(fresh, null)).toBe(fresh.message);
    expect(newRejection({ kind: 'internal', message: 'x' }, null)).toBeNull();
  });
});
