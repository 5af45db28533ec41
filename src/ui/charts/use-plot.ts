import { useEffect, useMemo, useRef, useState } from 'react';
import type {
  Config,
  Data,
  Layout,
  LegendClickEvent,
  PlotMouseEvent,
  PlotlyHTMLElement,
} from 'plotly.js';
import type PlotlyBundle from './plotly-bundle';
import { AXIS_TEMPLATE, styledLayout, type PlotView } from './plot-style';
import { redrawQueue } from './redraw-queue';
import { usePlotView } from './use-plot-view';

type PlotlyModule = typeof PlotlyBundle;

/** How far outside the viewport a plot still counts as in view: drawn before it scrolls in. */
const NEAR_VIEW = '300px 0px';

/** Plotly options shared by every plot of the lab. */
const PLOT_CONFIG: Partial<Config> = { displaylogo: false, responsive: true };

/**
 * Draw `data` with Plotly into the returned ref's element, loading Plotly on first use and
 * updating in place (Plotly.react) when the data changes. All plots share one redraw queue that
 * draws one plot per animation frame, and a newer update replaces a pending one in place, so a
 * burst of engine events never piles several Plotly redraws into one main-thread task. Pass
 * memoised `data` and `layout`; give the layout a `uirevision` to keep the user's zoom across
 * updates. `onClick`, when given, hears Plotly's clicks on points, and `onLegendClick` clicks on
 * legend entries (false keeps the legend from hiding the trace); the latest handlers are used.
 * Every plot gets the lab's axis defaults and type sizes (`plot-style.ts`) and redraws with
 * larger type when the page switches to Presenter view. A plot more than a few hundred pixels
 * out of view is not redrawn until it scrolls near.
 */
export function usePlot(
  data: Data[],
  layout: Partial<Layout>,
  onClick?: (event: PlotMouseEvent) => void,
  onLegendClick?: (event: LegendClickEvent) => boolean,
) {
  const ref = useRef<HTMLDivElement>(null);
  const clickRef = useRef(onClick);
  const legendRef = useRef(onLegendClick);
  // Plotly gives the element its event methods on the first draw; bind once per drawn element.
  const bound = useRef(false);
  // The view of the last draw (null before the first).
  const drawnView = useRef<PlotView | null>(null);
  useEffect(() => {
    clickRef.current = onClick;
    legendRef.current = onLegendClick;
  });
  const [plotly, setPlotly] = useState<PlotlyModule | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const view = usePlotView();
  const fullLayout = useMemo(
    () => ({ template: AXIS_TEMPLATE, ...styledLayout(layout, view) }),
    [layout, view],
  );

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
    // `ref` is stable for the component's life, so it keys this plot's place in the shared queue.
    // No cancel on re-run: scheduling again replaces a pending draw in place. Cancelling would
    // move this plot to the back of the line, and when updates come faster than the queue
    // drains, the plots last in line would never draw. Unmount cancels below.
    const label = el.getAttribute('data-testid') ?? 'plot';
    const bindClick = (gd: PlotlyHTMLElement) => {
      if (bound.current || (!clickRef.current && !legendRef.current)) return;
      bound.current = true;
      gd.on('plotly_click', (event) => clickRef.current?.(event));
      gd.on('plotly_legendclick', (event) => legendRef.current?.(event) ?? true);
    };
    const draw = async () => {
      const gd = await plotly.react(el, data, fullLayout, PLOT_CONFIG);
      bindClick(gd);
      await fitOnViewChange(plotly, gd, view, drawnView);
    };
    redrawQueue.schedule(ref, draw, label);
  }, [plotly, data, fullLayout, view]);

  // A plot out of view is not redrawn (its latest draw waits in the queue until it shows).
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => entries.forEach((e) => redrawQueue.setVisible(ref, e.isIntersecting)),
      { rootMargin: NEAR_VIEW },
    );
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    const el = ref.current;
    return () => {
      redrawQueue.cancel(ref);
      bound.current = false;
      if (plotly && el) plotly.purge(el);
    };
  }, [plotly]);

  return { ref, loadError };
}

/**
 * Fit the plot to its box when the view changed since the last draw: Presenter view resizes the
 * plots with CSS, and Plotly's responsive mode only hears window resizes.
 */
async function fitOnViewChange(
  plotly: PlotlyModule,
  gd: PlotlyHTMLElement,
  view: PlotView,
  drawnView: { current: PlotView | null },
): Promise<void> {
  const changed = drawnView.current !== null && drawnView.current !== view;
  drawnView.current = view;
  if (changed) await plotly.Plots.resize(gd);
}
