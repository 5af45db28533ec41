import { downloadUrl } from '../../store/export/download';

/** The lab's plots by the `data-testid` of the element Plotly draws into, with a label. */
export const PLOT_TARGETS = [
  { testId: 'training-chart', label: 'Training curves' },
  { testId: 'loss-terms-chart', label: 'Loss terms and accuracy' },
  { testId: 'histogram-chart', label: 'Weights on the quantization grid' },
  { testId: 'kurtosis-chart', label: 'Kurtosis and outliers per layer' },
  { testId: 'ptq-chart', label: 'Accuracy after quantization (PTQ)' },
  { testId: 'oscillation-chart', label: 'Weight oscillations (QAT)' },
  { testId: 'weight-raster', label: 'Weight raster (QAT)' },
  { testId: 'quant-params-chart', label: 'Learned quantization parameters' },
] as const;

/** Image formats a plot exports to. */
export type PlotFormat = 'png' | 'svg';

/** PNG pixels per CSS pixel, so an exported plot stays sharp on slides. */
const PNG_SCALE = 2;

/**
 * Save the plot drawn in the element with `data-testid` = `testId` as a PNG or SVG image named
 * `filename`, through Plotly's `toImage` (Plotly is loaded lazily, as the charts load it). The
 * image has the plot's on-screen size. Rejects with a plain message when the plot is not on the
 * page or not drawn yet.
 */
export async function exportPlot(
  testId: string,
  format: PlotFormat,
  filename: string,
  doc: Document = document,
): Promise<void> {
  const element = doc.querySelector<HTMLElement>(`[data-testid="${CSS.escape(testId)}"]`);
  if (!element) throw new Error('That plot is not on the page.');
  if (!element.classList.contains('js-plotly-plot')) {
    throw new Error('That plot has not been drawn yet.');
  }
  const { default: Plotly } = await import('../charts/plotly-bundle');
  const url = await Plotly.toImage(element, {
    format,
    width: element.clientWidth || null,
    height: element.clientHeight || null,
    scale: format === 'png' ? PNG_SCALE : 1,
  });
  downloadUrl(url, filename, doc);
}
