import type { RunState } from '../../../store/run-state';

/** The histogram event the store keeps (latest only). */
export type HistogramEvent = NonNullable<RunState['histogram']>;

/** Where the histogram's bars, levels and clipping range lie on the plot's x axis. */
export interface HistogramGeometry {
  /** 'weight': x in weight units (level × step size); 'integer': x in integer levels. */
  unit: 'weight' | 'integer';
  /** Integer levels n..p, one per bin. */
  levels: number[];
  /** Position of each level on the x axis. */
  x: number[];
  /** Distance between neighbouring levels on the x axis (the bin width). */
  spacing: number;
  /** Latent weights per bin (count). */
  latentCounts: number[];
  /** Quantized weights per level (count). */
  quantizedCounts: number[];
  /** Clipping range [(n - 0.5) · spacing, (p + 0.5) · spacing]: outside it weights clip to n or p. */
  clipRange: [number, number];
}

/**
 * Bars and level positions of histogram `h`: x = level × scale when the grid has one step size
 * (per tensor), else the integer level itself (per channel, scale null). The zero point of an
 * asymmetric grid is not in the event, so the x axis is the grid's own axis (level 0 at x = 0).
 */
export function histogramGeometry(h: HistogramEvent): HistogramGeometry {
  const unit = h.scale !== null && h.scale > 0 ? 'weight' : 'integer';
  const spacing = unit === 'weight' ? h.scale! : 1;
  const levels = h.latentCounts.map((_, k) => h.n + k);
  return {
    unit,
    levels,
    x: levels.map((level) => level * spacing),
    spacing,
    latentCounts: [...h.latentCounts],
    quantizedCounts: [...h.quantizedCounts],
    clipRange: [(h.n - 0.5) * spacing, (h.p + 0.5) * spacing],
  };
}
