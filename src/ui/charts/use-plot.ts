import { useEffect, useRef, useState } from 'react';
import type { Config, Data, Layout } from 'plotly.js';
import type PlotlyBundle from './plotly-bundle';

type PlotlyModule = typeof PlotlyBundle;

/** Plotly options shared by every plot of the lab. */
const PLOT_CONFIG: Partial<Config> = { displaylogo: false, responsive: true };

/**
 * Draw `data` with Plotly into the returned ref's element, loading Plotly on first use and
 * updating in place (Plotly.react) when the data changes. Redraws wait for the next animation
 * frame and a newer update replaces a pending one, so a burst of engine events costs one draw per
 * frame at most and input events are handled first. Pass memoised `data` and `layout`; give the
 * layout a `uirevision` to keep the user's zoom across updates.
 */
export function usePlot(data: Data[], layout: Partial<Layout>) {
  const ref = useRef<HTMLDivElement>(null);
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    let alive = true;
    import('./plotly-bundle').then(
      (m) => alive && setPlotly(() => m.default),
      (e: unknown) => alive && setLoadError(`Charts could not load: ${String(e)}`),
    );
    return () => {
      alive = false;
    };
  }, []);

  useEffect(() => {
    const el = ref.current;
    if (!plotly || !el) return;
    const frame = requestAnimationFrame(() => {
      void plotly.react(el, data, layout, PLOT_CONFIG);
    });
    return () => cancelAnimationFrame(frame);
  }, [plotly, data, layout]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (plotly && el) plotly.purge(el);
    };
  }, [plotly]);

  return { ref, loadError };
}
