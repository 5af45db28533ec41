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
  /** Clipping range [(n - 0.5 - z) · spacing, (p + 0.5 - z) · spacing]: outside it weights clip. */
  clipRange: [number, number];
}

/**
 * Bars and level positions of histogram `h`: x = (level − z) × scale, the weight value the level
 * stands for, when the grid has one step size and zero point (per tensor); else the integer level
 * itself (per channel, scale null).
 */
export function histogramGeometry(h: HistogramEvent): HistogramGeometry {
  const unit = h.scale !== null && h.scale > 0 ? 'weight' : 'integer';
  const spacing = unit === 'weight' ? h.scale! : 1;
  const z = unit === 'weight' ? h.zeroPoint : 0;
  const at = (level: number) => (level - z) * spacing;
  const levels = h.latentCounts.map((_, k) => h.n + k);
  return {
    unit,
    levels,
    x: levels.map(at),
    spacing,
    latentCounts: [...h.latentCounts],
    quantizedCounts: [...h.quantizedCounts],
    clipRange: [at(h.n - 0.5), at(h.p + 0.5)],
  };
}
