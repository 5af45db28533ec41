import {
  initToySimulation,
  runToySimulation,
  type ToySimulationOptions,
  type ToySimulationState,
} from '../../core/oscillation/toy-simulation';

/** Most steps kept for the plot; older ones scroll off the left. */
export const TOY_HISTORY_CAP = 300;

/** The plotted series: latent w and quantized q(w) after each step (step 0 = the start). */
export interface ToyHistory {
  readonly step: readonly number[];
  readonly w: readonly number[];
  readonly q: readonly number[];
}

/** The widget's run: the simulation state and the recent history drawn in the plot. */
export interface ToyRun {
  readonly sim: ToySimulationState;
  readonly history: ToyHistory;
}

function point(s: ToySimulationState, scale: number) {
  return { step: s.step, w: s.w, q: scale * s.wInt };
}

/** A run at step 0 from latent weight `wInit`, with the start as the history's first point. */
export function freshToyRun(wInit: number, o: ToySimulationOptions): ToyRun {
  const sim = initToySimulation(wInit, o);
  const p = point(sim, o.scale);
  return { sim, history: { step: [p.step], w: [p.w], q: [p.q] } };
}

/** `run` after `n` more steps under options `o`, keeping the last `cap` history points. */
export function advanceToyRun(
  run: ToyRun,
  o: ToySimulationOptions,
  n: number,
  cap = TOY_HISTORY_CAP,
): ToyRun {
  const states = runToySimulation(run.sim, o, n);
  if (states.length === 0) return run;
  const points = states.map((s) => point(s, o.scale));
  const keep = <T>(old: readonly T[], added: T[]) => [...old, ...added].slice(-cap);
  return {
    sim: states[states.length - 1]!,
    history: {
      step: keep(
        run.history.step,
        points.map((p) => p.step),
      ),
      w: keep(
        run.history.w,
        points.map((p) => p.w),
      ),
      q: keep(
        run.history.q,
        points.map((p) => p.q),
      ),
    },
  };
}

/** `run` with its simulation state replaced (e.g. unfrozen); the history's last q is redrawn. */
export function replaceToySim(run: ToyRun, sim: ToySimulationState, scale: number): ToyRun {
  const q = [...run.history.q];
  if (q.length > 0) q[q.length - 1] = scale * sim.wInt;
  return { sim, history: { ...run.history, q } };
}
