import { useId, useState } from 'react';
import { fileName } from '../../store/export/download';
import { exportPlot, PLOT_TARGETS, type PlotFormat } from './plot-export';

/** Any plot on the page saved as PNG or SVG: a labelled plot picker and one button per format. */
export function PlotExport() {
  const plotId = useId();
  const [plot, setPlot] = useState<string>(PLOT_TARGETS[0].testId);
  const [status, setStatus] = useState('');

  const save = async (format: PlotFormat) => {
    const stamp = new Date().toISOString().slice(0, 16).replace(/[T:]/g, '-');
    try {
      await exportPlot(plot, format, fileName(`quantlab-${plot}-${stamp}`, `.${format}`));
      setStatus('');
    } catch (error) {
      setStatus(`Could not export the plot: ${error instanceof Error ? error.message : error}`);
    }
  };

  return (
    <div className="run-current-row">
      <label htmlFor={plotId}>Plot</label>
      <select id={plotId} value={plot} onChange={(e) => setPlot(e.currentTarget.value)}>
        {PLOT_TARGETS.map((t) => (
          <option key={t.testId} value={t.testId}>
            {t.label}
          </option>
        ))}
      </select>
      <button type="button" onClick={() => void save('png')}>
        PNG
      </button>
      <button type="button" onClick={() => void save('svg')}>
        SVG
      </button>
      <span role="status" className="hint-muted">
        {status}
      </span>
    </div>
  );
}
