import { useCallback, useEffect, useMemo, useState } from 'react';
import { toyUnfreeze } from '../../core/oscillation/toy-simulation';
import { advanceToyRun, freshToyRun, replaceToySim, type ToyRun } from './toy-history';
import {
  applyToyPatch,
  TOY_CONTROL_DEFAULTS,
  toySimulationOptions,
  toyStartWeight,
  type ToyControlsValue,
} from './toy-options';

/** Milliseconds between animation ticks while running. */
export const TOY_TICK_MS = 50;
/** Steps taken per tick while running (so 40 steps per second). */
export const TOY_STEPS_PER_TICK = 2;

function startRun(c: ToyControlsValue): ToyRun {
  const o = toySimulationOptions(c);
  return freshToyRun(toyStartWeight(c.wStar, o.scale), o);
}

/** What {@link useToySimulation} hands to the widget. */
export interface ToySimulation {
  controls: ToyControlsValue;
  run: ToyRun;
  running: boolean;
  /** Change some controls: a new bit width restarts (a new grid); freezing off thaws the weight. */
  update: (patch: Partial<ToyControlsValue>) => void;
  /** One step (pauses a running animation first). */
  step: () => void;
  /** Start or pause the animation. */
  toggleRunning: () => void;
  /** Back to step 0 with the current controls, paused. */
  reset: () => void;
}

/**
 * The toy widget's local state: its controls, the simulation run and the Run/Pause animation (a
 * {@link TOY_TICK_MS} interval of {@link TOY_STEPS_PER_TICK} steps, cleared on pause and unmount).
 * Controls are clamped to their ranges, so the core never sees invalid options.
 */
export function useToySimulation(): ToySimulation {
  const [controls, setControls] = useState<ToyControlsValue>(TOY_CONTROL_DEFAULTS);
  const [run, setRun] = useState<ToyRun>(() => startRun(TOY_CONTROL_DEFAULTS));
  const [running, setRunning] = useState(false);
  const options = useMemo(() => toySimulationOptions(controls), [controls]);

  useEffect(() => {
    if (!running) return;
    const id = setInterval(
      () => setRun((r) => advanceToyRun(r, options, TOY_STEPS_PER_TICK)),
      TOY_TICK_MS,
    );
    return () => clearInterval(id);
  }, [running, options]);

  const update = useCallback(
    (patch: Partial<ToyControlsValue>) => {
      const next = applyToyPatch(controls, patch);
      setControls(next);
      if (next.bits !== controls.bits) {
        setRun(startRun(next));
      } else if (controls.freezeOn && !next.freezeOn) {
        const o = toySimulationOptions(next);
        setRun((r) => replaceToySim(r, toyUnfreeze(r.sim, o), o.scale));
      }
    },
    [controls],
  );

  const step = useCallback(() => {
    setRunning(false);
    setRun((r) => advanceToyRun(r, options, 1));
  }, [options]);

  const reset = useCallback(() => {
    setRunning(false);
    setRun(startRun(controls));
  }, [controls]);

  const toggleRunning = useCallback(() => setRunning((v) => !v), []);

  return { controls, run, running, update, step, toggleRunning, reset };
}
