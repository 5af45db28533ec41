/**
 * The stage boundary of a two-stage run ("pretrain, then fine-tune"): a dashed vertical line at
 * the step fine-tuning began, on every chart with a step axis. One layout shape and one label per
 * line, no traces, so a redraw costs next to nothing. Pure.
 */
import type { Annotations, Shape } from 'plotly.js';
import type { RunState } from '../../../store/run-state';
import { COLORS } from '../palette';
import type { FigureSpec } from './common';
import { TWIN_B_OPACITY, TWIN_PREFIX } from './twin';

/** One boundary line: its run step, its label and, for twin B, its opacity. */
export interface StageMark {
  step: number;
  label: string;
  opacity?: number;
}

const LABEL = 'fine-tune';

/** The run step the fine-tune stage began at, or null (one stage, or not there yet). */
export function fineTuneStep(stages: RunState['stages']): number | null {
  return stages.find((s) => s.stage === 'fine-tune')?.step ?? null;
}

/**
 * The boundary marks of run A and, while the twin is on (`b` not null), twin B: one unprefixed
 * line when both (or only A with the twin off) begin fine-tuning at the same step, else each
 * run's own, prefixed 'A · ' and 'B · ' (B's faded).
 */
export function stageMarks(a: RunState['stages'], b: RunState['stages'] | null): StageMark[] {
  const stepA = fineTuneStep(a);
  const stepB = b ? fineTuneStep(b) : stepA;
  if (stepA === stepB) return stepA === null ? [] : [{ step: stepA, label: LABEL }];
  const marks: StageMark[] = [];
  if (stepA !== null) marks.push({ step: stepA, label: TWIN_PREFIX.a + LABEL });
  if (stepB !== null) {
    marks.push({ step: stepB, label: TWIN_PREFIX.b + LABEL, opacity: TWIN_B_OPACITY });
  }
  return marks;
}

/**
 * `figure` with a dashed vertical line and a label at each mark on its step axis (after any
 * shapes and labels it has). Unchanged, the same object, without a step axis, marks or points.
 */
export function withStageMarks(figure: FigureSpec, marks: readonly StageMark[]): FigureSpec {
  const axis = figure.stepAxis;
  if (!axis || marks.length === 0 || figure.points === 0) return figure;
  const { shapes = [], annotations = [] } = figure.layout;
  const layout = {
    ...figure.layout,
    shapes: [...shapes, ...marks.map((m) => markLine(m, axis))],
    annotations: [...annotations, ...marks.map((m) => markLabel(m, axis))],
  };
  return { ...figure, layout };
}

function markLine({ step, opacity = 1 }: StageMark, axis: 'x' | 'x2'): Partial<Shape> {
  return {
    type: 'line',
    xref: axis,
    yref: 'paper',
    x0: step,
    x1: step,
    y0: 0,
    y1: 1,
    opacity,
    line: { color: COLORS.reference, dash: 'dash', width: 1 },
  };
}

function markLabel(
  { step, label, opacity = 1 }: StageMark,
  axis: 'x' | 'x2',
): Partial<Annotations> {
  return {
    xref: axis,
    yref: 'paper',
    x: step,
    y: 1,
    xanchor: 'left',
    yanchor: 'bottom',
    showarrow: false,
    text: label,
    opacity,
    font: { size: 11, color: COLORS.reference },
  };
}
