import { useState } from 'react';
import { downloadText, fileName, MIME } from '../../store/export/download';
import { sweepCsv, sweepJson } from '../../store/sweep/sweep-export';
import { useSweep } from '../../store/sweep/sweep-store';
import { exportPlot, type PlotFormat } from '../history/plot-export';

/** The sweep's files: CSV (a row per run, every metric), JSON (spec, recipe, summaries), plot. */
export function SweepExports() {
  const [status, setStatus] = useState('');
  const stem = () => {
    const sweep = useSweep.getState().sweep;
    const stamp = new Date(sweep?.createdAt ?? 0).toISOString().slice(0, 16).replace(/[T:]/g, '-');
    return `quantlab-sweep-${sweep?.spec.knob ?? ''}-${stamp}`;
  };
  const saveText = (kind: 'csv' | 'json') => {
    const sweep = useSweep.getState().sweep;
    if (!sweep) return;
    const text = kind === 'csv' ? sweepCsv(sweep) : sweepJson(sweep);
    downloadText(text, fileName(stem(), `.${kind}`), MIME[kind]);
  };
  const savePlot = async (format: PlotFormat) => {
    try {
      await exportPlot('sweep-chart', format, fileName(stem(), `.${format}`));
      setStatus('');
    } catch (error) {
      setStatus(`Could not export the plot: ${error instanceof Error ? error.message : error}`);
    }
  };
  return (
    <div className="sweep-row" role="group" aria-label="Export the sweep">
      <button type="button" onClick={() => saveText('csv')}>
        Sweep CSV
      </button>
      <button type="button" onClick={() => saveText('json')}>
        Sweep JSON
      </button>
      <button type="button" onClick={() => void savePlot('png')}>
        Sweep plot PNG
      </button>
      <button type="button" onClick={() => void savePlot('svg')}>
        Sweep plot SVG
      </button>
      <span role="status" className="hint-muted">
        {status}
      </span>
    </div>
  );
}
