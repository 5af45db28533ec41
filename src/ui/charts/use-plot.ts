import { useEffect, useRef, useState } from 'react';
import type { Data, Layout } from 'plotly.js';
import type PlotlyBundle from './plotly-bundle';

type PlotlyModule = typeof PlotlyBundle;

/**
 * Draw `data` with Plotly into the returned ref's element, loading Plotly on first use and
 * updating in place (Plotly.react) when the data changes.
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
    if (!plotly || !ref.current) return;
    void plotly.react(ref.current, data, layout, { displaylogo: false, responsive: true });
  }, [plotly, data, layout]);

  useEffect(() => {
    const el = ref.current;
    return () => {
      if (plotly && el) plotly.purge(el);
    };
  }, [plotly]);

  return { ref, loadError };
}
