import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Recipe } from '../../settings/schema';
import { twinRecipe } from '../../settings/twin-codec';
import { useLab, type LabState } from '../../store/lab-store';
import type { RunState } from '../../store/run-state';
import type { FigureSpec } from './traces/common';
import { stageMarks, withStageMarks } from './traces/stages';
import { overlayTwin, RECORDING_PREFIX, TWIN_PREFIX, type OverlayLabels } from './traces/twin';
import { shownRecording } from '../../store/recording';

/** What the B selection holds while the twin is off (B's events then redraw nothing). */
const OFF = Symbol('twin off');

/**
 * One chart's figure with the A/B twin: `select` picks what the chart draws from a run and its
 * recipe (run A with recipe A; run B with recipe B while the twin is on), `build` draws one run's
 * figure from that, and B's figure is laid over A's ({@link overlayTwin}). While the twin is off
 * the result is A's figure exactly as `build` made it (no prefixes).
 *
 * `select` should return store fields or primitives, or a tuple or object of them (e.g.
 * `(run, s) => [run.layerStatsHistory, s.kureTarget]`): results are compared shallowly, so a
 * fresh tuple of unchanged fields redraws nothing, and only the settings it reads redraw the plot.
 * `build` and `finish` must be stable (module-level, or `useCallback` with their own deps): a new
 * function rebuilds the figure.
 *
 * `finish`, when given, adjusts the overlaid figure with both runs' values while the twin is on
 * (e.g. a layout whose axes fit both runs, or B's reference line where B's recipe moves it).
 *
 * A figure with a step axis (`stepAxis`) also gets the runs' stage boundaries (`traces/stages.ts`).
 *
 * While the twin is off, a preset's recorded run takes B's place when `shownRecording` says so
 * (store/recording.ts): drawn the same way, its traces prefixed 'recorded · ' and A's 'live · '.
 */
export function useTwinFigure<T>(
  select: (run: RunState, recipe: Recipe) => T,
  build: (value: T) => FigureSpec,
  finish?: (overlaid: FigureSpec, a: T, b: T, labels: OverlayLabels) => FigureSpec,
): FigureSpec {
  const a = useLab(useShallow((s) => select(s.run, s.recipe)));
  const b = useLab(useShallow((s) => selectOther(s, select)));
  const labels = useLab((s) => (s.twin.on ? TWIN_PREFIX : RECORDING_PREFIX));
  const stagesA = useLab((s) => s.run.stages);
  const stagesB = useLab((s) => otherRun(s)?.stages ?? null);
  const marks = useMemo(() => stageMarks(stagesA, stagesB, labels), [stagesA, stagesB, labels]);
  const figureA = useMemo(() => build(a), [build, a]);
  const figureB = useMemo(() => (b === OFF ? null : build(b)), [build, b]);
  const figure = useMemo(() => {
    if (b === OFF || figureB === null) return figureA;
    const overlaid = overlayTwin(figureA, figureB, labels);
    return finish ? finish(overlaid, a, b, labels) : overlaid;
  }, [figureA, figureB, finish, a, b, labels]);
  return useMemo(() => withStageMarks(figure, marks), [figure, marks]);
}

/** The run drawn over A: twin B while the twin is on, else the shown recording, else none. */
function otherRun(s: LabState): RunState | null {
  return s.twin.on ? s.runB : (shownRecording(s)?.run ?? null);
}

/** `select` applied to the run drawn over A, with its recipe; {@link OFF} when there is none. */
function selectOther<T>(s: LabState, select: (run: RunState, recipe: Recipe) => T): T | typeof OFF {
  if (s.twin.on) return select(s.runB, twinRecipe(s.recipe, s.twin));
  const recorded = shownRecording(s)?.run;
  return recorded ? select(recorded, recorded.recipe ?? s.recipe) : OFF;
}

/** Whether twin B trains beside A. */
export function useTwinOn(): boolean {
  return useLab((s) => s.twin.on);
}
