/**
 * Colours of the plots: the Okabe-Ito palette (Okabe & Ito 2008), which stays distinguishable
 * under the common colour-vision deficiencies, plus per-layer and per-level colour helpers.
 */

/** The eight Okabe-Ito colours by name. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Fixed colours of the run-level series, shared by every chart that draws them. */
export const COLORS = {
  trainLoss: OKABE_ITO.blue,
  testLoss: OKABE_ITO.skyBlue,
  trainAcc: OKABE_ITO.orange,
  testAcc: OKABE_ITO.vermillion,
  /** Reference lines (float accuracy, KURE target). */
  reference: OKABE_ITO.black,
  /** Shaded clipping range and grid lines of the histogram. */
  grid: '#8593A0',
  /** Neutral lines that join coloured markers (the latest PTQ sweep). */
  neutral: '#5B6670',
} as const;

/**
 * Colours of the weight bit widths W2..W8 in the PTQ plots; black is left to the float reference
 * and the neutral grey takes W8, the width closest to float.
 */
const BITS_COLORS: readonly string[] = [
  OKABE_ITO.vermillion,
  OKABE_ITO.orange,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.skyBlue,
  OKABE_ITO.blue,
  COLORS.neutral,
];

/** Colour of weight bit width `bits` (2..8; others wrap around), the same in every PTQ panel. */
export function bitsColor(bits: number): string {
  const i =
    (((Math.round(bits) - 2) % BITS_COLORS.length) + BITS_COLORS.length) % BITS_COLORS.length;
  return BITS_COLORS[i]!;
}

/**
 * Paul Tol's "muted" colours (Tol 2021, personal.sron.nl/~pault) that the Okabe-Ito set lacks;
 * they stay apart under the common colour-vision deficiencies too.
 */
export const TOL_MUTED = {
  indigo: '#332288',
  olive: '#999933',
  wine: '#882255',
  green: '#117733',
} as const;

/**
 * Order in which series (layers) take colours: twelve distinct colours, so the eleven weight
 * layers of the largest model never share one. The six strong Okabe-Ito colours first, then
 * Tol's muted extras, a brown and the neutral grey; the closest pairs (the two greens, grey and
 * black) sit furthest apart in the order. Black is left to the reference lines and yellow (weak
 * on white and on a projector) is not used.
 */
export const SERIES_COLORS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  TOL_MUTED.indigo,
  TOL_MUTED.olive,
  TOL_MUTED.wine,
  '#8C510A', // brown (ColorBrewer BrBG)
  TOL_MUTED.green,
  COLORS.neutral,
];

/** Dash patterns that tell series apart once the colours repeat (more than twelve layers). */
const CYCLE_DASHES = ['solid', 'dashdot', 'longdash'] as const;

/** Line colour and dash of one series. */
export interface SeriesStyle {
  color: string;
  dash: (typeof CYCLE_DASHES)[number];
}

/**
 * Colour (and, past the twelfth, dash pattern) of the series at `index` (0-based): the same index
 * always gets the same look, so a layer keeps its colour across charts.
 */
export function seriesStyle(index: number): SeriesStyle {
  const i = Math.max(0, Math.floor(index));
  const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
  const dash = CYCLE_DASHES[Math.floor(i / SERIES_COLORS.length) % CYCLE_DASHES.length]!;
  return { color, dash };
}

/**
 * Style of layer `name`, indexed by its place in `order` (the model's weight layers in forward
 * order). A name missing from `order` comes after all of them, in first-seen order of `extra`.
 */
export function layerStyle(name: string, order: readonly string[], extra: readonly string[] = []) {
  const known = order.indexOf(name);
  if (known >= 0) return seriesStyle(known);
  const unknown = extra.filter((n) => !order.includes(n)).indexOf(name);
  return seriesStyle(order.length + Math.max(0, unknown));
}

/** Ends of the diverging level scale: blue (negative levels), light grey (0), vermillion. */
const LEVEL_LOW = [0x00, 0x72, 0xb2];
const LEVEL_MID = [0xf2, 0xf2, 0xf2];
const LEVEL_HIGH = [0xd5, 0x5e, 0x00];

const hex = (rgb: number[]) =>
  `#${rgb.map((c) => Math.round(c).toString(16).padStart(2, '0')).join('')}`;

const mix = (a: number[], b: number[], t: number) => a.map((v, i) => v + (b[i]! - v) * t);

/**
 * Colour of integer level `level` on the grid [n, p]: a blue-grey-vermillion diverging scale
 * (colour-blind safe), grey at level 0 when 0 lies inside the grid, else at the grid's middle.
 */
export function levelColor(level: number, n: number, p: number): string {
  if (p <= n) return hex(LEVEL_MID);
  const mid = n <= 0 && p >= 0 ? 0 : (n + p) / 2;
  if (level <= mid) {
    const t = mid === n ? 1 : (level - n) / (mid - n);
    return hex(mix(LEVEL_LOW, LEVEL_MID, Math.min(1, Math.max(0, t))));
  }
  const t = p === mid ? 1 : (level - mid) / (p - mid);
  return hex(mix(LEVEL_MID, LEVEL_HIGH, Math.min(1, Math.max(0, t))));
}

/** Most levels drawn as separate colour bands; finer grids get a continuous scale. */
export const MAX_DISCRETE_LEVELS = 64;

/**
 * A Plotly colour scale for integer levels n..p used with zmin = n - 0.5 and zmax = p + 0.5: one
 * flat band per level (so each level reads as one colour), or a continuous three-stop scale when
 * the grid has more than {@link MAX_DISCRETE_LEVELS} levels.
 */
export function discreteLevelColorscale(n: number, p: number): [number, string][] {
  const count = p - n + 1;
  if (count <= 1)
    return [
      [0, levelColor(n, n, p)],
      [1, levelColor(n, n, p)],
    ];
  if (count > MAX_DISCRETE_LEVELS) {
    const mid = n <= 0 && p >= 0 ? (0 - n + 0.5) / count : 0.5;
    return [
      [0, hex(LEVEL_LOW)],
      [mid, hex(LEVEL_MID)],
      [1, hex(LEVEL_HIGH)],
    ];
  }
  const scale: [number, string][] = [];
  for (let k = 0; k < count; k++) {
    const color = levelColor(n + k, n, p);
    scale.push([k / count, color], [(k + 1) / count, color]);
  }
  return scale;
}
