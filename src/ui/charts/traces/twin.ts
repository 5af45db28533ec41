/**
 * The A/B twin overlay: twin B's traces drawn over run A's in the same plot, in the same colours
 * and at full strength (a faded B vanishes on a projector): A's lines solid, B's dashed (each of
 * A's dash patterns has its own B pattern), B's markers open and B's bars outlined. Pure: figures
 * in, figure out.
 */
import type { Dash, Data } from 'plotly.js';
import type { FigureSpec } from './common';

/** Legend and hover prefixes of the two runs an overlay draws: the lab's own (a) and the other. */
export interface OverlayLabels {
  a: string;
  b: string;
}

/** Legend and hover prefix of each twin's traces. */
export const TWIN_PREFIX: OverlayLabels = { a: 'A · ', b: 'B · ' };

/** The prefixes while a preset's recorded run is drawn under the live one (store/recording.ts). */
export const RECORDING_PREFIX: OverlayLabels = { a: 'live · ', b: 'recorded · ' };

/**
 * B's dash pattern for each of A's: a solid (or undashed) line becomes dashed, and every pattern
 * A uses maps to one A does not use in the same chart (A's s_a is 'longdash' in the quantizer
 * chart so that B's dashed s_w differs from it).
 */
export const TWIN_B_DASH: Readonly<Record<Dash, Dash>> = {
  solid: 'dash',
  dot: 'dashdot',
  dash: 'longdashdot',
  longdash: 'longdashdot',
  dashdot: 'longdashdot',
  longdashdot: 'dash',
};

/** Twin B's dash for a line whose dash is `dash` (undefined: solid). */
export const twinBDash = (dash: string | undefined): Dash =>
  TWIN_B_DASH[(dash ?? 'solid') as Dash] ?? 'dash';

/** Legend-group prefix of twin B's traces, so B's legend entries toggle apart from A's. */
export const TWIN_B_GROUP = 'b:';

/**
 * Most legend entries a chart may have for B to keep entries of its own. A chart with more (a
 * line per layer: 11 for MobileNet-tiny) folds B into A's entries, one per layer that toggles
 * both twins, so the legend does not double and crowd out the plot.
 */
export const TWIN_LEGEND_MAX = 6;

/** The few trace fields the overlay reads or writes (every Plotly trace type may carry them). */
interface TraceFields {
  type?: string;
  mode?: string;
  name?: string;
  showlegend?: boolean;
  legendgroup?: string;
  opacity?: number;
  line?: { dash?: string } & Record<string, unknown>;
  marker?: MarkerFields;
  hovertemplate?: string | string[];
}

/** The marker fields the overlay reads or writes. */
interface MarkerFields {
  symbol?: unknown;
  color?: unknown;
  line?: { color?: unknown; width?: number };
  [key: string]: unknown;
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

/** The legend group of a trace: its own, else its name, else its place. */
const groupOf = (trace: Data, index: number) =>
  fields(trace).legendgroup ?? fields(trace).name ?? `trace-${index}`;

/** How many legend entries `data` makes. */
const legendEntries = (data: readonly Data[]) =>
  data.filter((trace) => fields(trace).showlegend !== false).length;

/**
 * Twin A's version of a trace: hover template prefixed 'A · '; the legend name too, unless B
 * shares A's entries (`folded`: the entry, in its group, then stands for both twins).
 */
function twinA(trace: Data, index: number, folded: boolean, prefix: string): Data {
  const out = labelled(trace, prefix);
  if (!folded) return out;
  return { ...out, name: fields(trace).name, legendgroup: groupOf(trace, index) } as Data;
}

/**
 * Twin B's version of a trace: prefixed, full strength, restyled, in a legend group of its own,
 * or hidden from the legend in A's group when `folded`.
 */
function twinB(trace: Data, index: number, folded: boolean, prefix: string): Data {
  const t = fields(trace);
  const group = groupOf(trace, index);
  const out: TraceFields = {
    ...fields(labelled(trace, prefix)),
    opacity: 1,
    legendgroup: folded ? group : TWIN_B_GROUP + group,
    ...(folded ? { showlegend: false } : {}),
  };
  if (t.line) out.line = { ...t.line, dash: twinBDash(t.line.dash) };
  if (t.type === 'bar') out.marker = outlinedBar(t.marker);
  else if (t.mode?.includes('markers')) out.marker = openMarker(t.marker);
  return out as Data;
}

/** A bar marker as an outline only (2 px, in the bar's edge or fill colour), so A shows through. */
function outlinedBar(marker: MarkerFields | undefined): MarkerFields {
  const edge = marker?.line?.color ?? marker?.color;
  return { ...marker, color: 'rgba(0,0,0,0)', line: { ...marker?.line, color: edge, width: 2 } };
}

/** A marker in its open form ('diamond' → 'diamond-open'), so B's points differ from A's. */
function openMarker(marker: MarkerFields | undefined): MarkerFields {
  const symbol = typeof marker?.symbol === 'string' ? marker.symbol : 'circle';
  return { ...marker, symbol: symbol.endsWith('-open') ? symbol : `${symbol}-open` };
}

/**
 * Figure `a` (run A) with figure `b` (twin B) drawn over it. A's traces keep their style, their
 * names and hover templates get the prefix 'A · '; B's get 'B · ', full opacity, a legend group
 * of their own ('b:' + A's group or name), B's dash for the line's dash ({@link TWIN_B_DASH}),
 * open markers and outlined bars. With more than {@link TWIN_LEGEND_MAX} legend entries, B's
 * traces join A's groups without entries of their own, and A's entries keep their plain names.
 * B's heatmaps are left out (a raster cannot be overlaid; the caller draws B's separately); with
 * bars the layout gets `barmode: 'overlay'`. The layout is A's (B's while A has no points, so
 * B's axes show); `points` is a.points + b.points. While `b` has no points the result is A's
 * traces as above only, so legends do not jump. `labels` are the prefixes (the twin's by default;
 * a recorded run's are {@link RECORDING_PREFIX}).
 */
export function overlayTwin(
  a: FigureSpec,
  b: FigureSpec,
  labels: OverlayLabels = TWIN_PREFIX,
): FigureSpec {
  const folded = Math.max(legendEntries(a.data), legendEntries(b.data)) > TWIN_LEGEND_MAX;
  const data = a.data.map((trace, i) => twinA(trace, i, folded, labels.a));
  if (b.points === 0) return { ...a, data };
  const bData = b.data
    .filter((trace) => fields(trace).type !== 'heatmap')
    .map((trace, i) => twinB(trace, i, folded, labels.b));
  const all = [...data, ...bData];
  const bars = all.some((trace) => fields(trace).type === 'bar');
  const layout = a.points === 0 ? b.layout : a.layout;
  return {
    ...a,
    data: all,
    layout: bars ? { ...layout, barmode: 'overlay' } : layout,
    points: a.points + b.points,
  };
}
