/**
 * The lab's live plots by id: the one list a preset's demo view, the full lab's plot grid and the
 * end-to-end tests name them by. Each id is drawn by one chart (`ui/charts/plot-registry.ts`).
 */
export const PLOT_IDS = [
  'loss-terms',
  'histogram',
  'kurtosis',
  'ptq',
  'oscillation',
  'quant-params',
] as const;

/** One live plot. */
export type PlotId = (typeof PLOT_IDS)[number];
