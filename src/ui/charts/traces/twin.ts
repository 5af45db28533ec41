/**
 * The A/B twin overlay: twin B's traces drawn over run A's in the same plot, A solid and B faded
 * (and dashed where a line had no dash of its own). Pure: figures in, figure out.
 */
import type { Data } from 'plotly.js';
import type { FigureSpec } from './common';

/** Legend and hover prefix of each twin's traces. */
export const TWIN_PREFIX = { a: 'A · ', b: 'B · ' } as const;

/** Opacity of twin B's traces. */
export const TWIN_B_OPACITY = 0.55;

/** Legend-group prefix of twin B's traces, so B's legend entries toggle apart from A's. */
export const TWIN_B_GROUP = 'b:';

/** The few trace fields the overlay reads or writes (every Plotly trace type may carry them). */
interface TraceFields {
  type?: string;
  name?: string;
  legendgroup?: string;
  opacity?: number;
  line?: { dash?: string } & Record<string, unknown>;
  hovertemplate?: string | string[];
}

const fields = (trace: Data) => trace as TraceFields;

const prefixed = (prefix: string, template: string | string[]) =>
  Array.isArray(template) ? template.map((t) => prefix + t) : prefix + template;

/** A trace with its name and hover template prefixed (style untouched). */
function labelled(trace: Data, prefix: string): Data {
  const t = fields(trace);
  return {
    ...trace,
    ...(t.name !== undefined ? { name: prefix + t.name } : {}),
    ...(t.hovertemplate !== undefined ? { hovertemplate: prefixed(prefix, t.hovertemplate) } : {}),
  } as Data;
}

/** Twin B's version of a trace: prefixed, faded, in its own legend group, dashed if undashed. */
function twinB(trace: Data, index: number): Data {
  const t = fields(trace);
  const group = t.legendgroup ?? t.name ?? `trace-${index}`;
  const out: TraceFields = {
    ...fields(labelled(trace, TWIN_PREFIX.b)),
    opacity: TWIN_B_OPACITY,
    legendgroup: TWIN_B_GROUP + group,
  };
  if (t.line) out.line = t.line.dash === undefined ? { ...t.line, dash: 'dash' } : { ...t.line };
  return out as Data;
}

/**
 * Figure `a` (run A) with figure `b` (twin B) drawn over it. A's traces keep their style, their
 * names and hover templates get the prefix 'A · '; B's get 'B · ', opacity
 * {@link TWIN_B_OPACITY}, a legend group of their own ('b:' + A's group or name), and a dashed
 * line where the line had no dash (a set dash is kept: it already tells series apart). B's
 * heatmaps are left out (a raster cannot be overlaid; the caller draws B's separately); with bars
 * the layout gets `barmode: 'overlay'`. The layout is A's; `points` is a.points + b.points.
 * While `b` has no points the result is A with prefixed names only, so legends do not jump.
 */
export function overlayTwin(a: FigureSpec, b: FigureSpec): FigureSpec {
  const data = a.data.map((trace) => labelled(trace, TWIN_PREFIX.a));
  if (b.points === 0) return { ...a, data };
  const bData = b.data.filter((trace) => fields(trace).type !== 'heatmap').map(twinB);
  const all = [...data, ...bData];
  const bars = all.some((trace) => fields(trace).type === 'bar');
  return {
    ...a,
    data: all,
    layout: bars ? { ...a.layout, barmode: 'overlay' } : a.layout,
    points: a.points + b.points,
  };
}
