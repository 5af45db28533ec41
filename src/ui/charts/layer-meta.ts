import type { Data } from 'plotly.js';

/**
 * Tag a per-layer trace's `meta` with the weight layer it draws, so a click on the trace or its legend
 * entry can open that layer in the inspector (`Plot`'s `onLayerClick`).
 */
export function tagLayer(trace: Data, layer: string): Data {
  // Plotly's own `meta` trace attribute, which @types/plotly.js lacks.
  return Object.assign(trace, { meta: { layer } });
}

/** The layer a trace's `meta` names, if any. */
export function layerOfTrace(trace: Data | undefined): string | null {
  const meta = (trace as { meta?: unknown } | undefined)?.meta;
  if (typeof meta !== 'object' || meta === null || !('layer' in meta)) return null;
  return typeof meta.layer === 'string' ? meta.layer : null;
}
