/**
 * The stage boundary of a two-stage run ("pretrain, then fine-tune"): a dashed vertical line at
 * the step fine-tuning began, on every chart with a step axis. One layout shape and one label per
 * line, no traces, so a redraw costs next to nothing. Pure.
 */
import type { Annotations, Dash, Shape } from 'plotly.js';
import type { RunState } from '../../../store/run-state';
import { COLORS } from '../palette';
import type { FigureSpec } from './common';
import { twinBDash, TWIN_PREFIX, type OverlayLabels } from './twin';

/** One boundary line: its run step, its label and its dash pattern (twin B's differs). */
export interface StageMark {
  step: number;
  label: string;
  /** Plotly dash pattern; 'dash' when not given. */
  dash?: Dash;
}

const LABEL = 'fine-tune';

/** The run step the fine-tune stage began at, or null (one stage, or not there yet). */
export function fineTuneStep(stages: RunState['stages']): number | null {
  return stages.find((s) => s.stage === 'fine-tune')?.step ?? null;
}

/**
 * The boundary marks of run A and, while the twin is on (`b` not null), twin B: one unprefixed
 * line when both (or only A with the twin off) begin fine-tuning at the same step, else each
 * run's own, prefixed 'A · ' and 'B · ' (B's at full strength in B's dash pattern).
 */
export function stageMarks(
  a: RunState['stages'],
  b: RunState['stages'] | null,
  labels: OverlayLabels = TWIN_PREFIX,
): StageMark[] {
  const stepA = fineTuneStep(a);
  const stepB = b ? fineTuneStep(b) : stepA;
  if (stepA === stepB) return stepA === null ? [] : [{ step: stepA, label: LABEL }];
  const marks: StageMark[] = [];
  if (stepA !== null) marks.push({ step: stepA, label: labels.a + LABEL });
  if (stepB !== null) {
    marks.push({ step: stepB, label: labels.b + LABEL, dash: twinBDash('dash') });
  }
  return marks;
}

/**
 * `figure` with a dashed vertical line at each mark on its step axis and its label above the
 * plot area, in the top margin, off the data (after any shapes and labels it has). Of two marks,
 * the earlier one's label reads leftwards from its line and the later one's rightwards, so the
 * two labels never overlap. Unchanged, the same object, without a step axis, marks or points.
 */
export function withStageMarks(figure: FigureSpec, marks: readonly StageMark[]): FigureSpec {
  const axis = figure.stepAxis;
  if (!axis || marks.length === 0 || figure.points === 0) return figure;
  const { shapes = [], annotations = [] } = figure.layout;
  const first = Math.min(...marks.map((m) => m.step));
  const side = (m: StageMark) => (marks.length > 1 && m.step === first ? 'right' : 'left');
  const layout = {
    ...figure.layout,
    shapes: [...shapes, ...marks.map((m) => markLine(m, axis))],
    annotations: [...annotations, ...marks.map((m) => markLabel(m, axis, side(m)))],
  };
  return { ...figure, layout };
}

function markLine({ step, dash = 'dash' }: StageMark, axis: 'x' | 'x2'): Partial<Shape> {
  return {
    type: 'line',
    xref: axis,
    yref: 'paper',
    x0: step,
    x1: step,
    y0: 0,
    y1: 1,
    line: { color: COLORS.reference, dash, width: 1 },
  };
}

function markLabel(
  { step, label }: StageMark,
  axis: 'x' | 'x2',
  xanchor: 'left' | 'right',
): Partial<Annotations> {
  return {
    xref: axis,
    yref: 'paper',
    x: step,
    y: 1,
    xanchor,
    yanchor: 'bottom',
    showarrow: false,
    text: label,
    font: { color: COLORS.reference },
  };
}
