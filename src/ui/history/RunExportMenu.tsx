import { useState } from 'react';
import { downloadText, fileName, MIME } from '../../store/export/download';
import { metricsCsv, metricsJson } from '../../store/export/metrics';
import { recipeJson, recipeUrl } from '../../store/export/recipe';
import { serializeRun } from '../../store/export/run-file';
import type { RunRecord, RunSummary } from '../../store/history/run-record';
import { copyText } from './copy-text';
import { saveTorchExport, TORCH_EXPORT_BUSY } from './save-torch-export';

/** Props of {@link RunExportMenu}. */
export interface RunExportMenuProps {
  run: RunSummary;
  /** Read the run's full record (null when it is gone). */
  load(): Promise<RunRecord | null>;
}

type FileKind = 'run' | 'csv' | 'metrics' | 'recipe';

const FILES: readonly { kind: FileKind; label: string }[] = [
  { kind: 'run', label: 'Run file (JSON)' },
  { kind: 'csv', label: 'Metrics (CSV)' },
  { kind: 'metrics', label: 'Metrics (JSON)' },
  { kind: 'recipe', label: 'Recipe (JSON)' },
];

function save(kind: FileKind, record: RunRecord): void {
  const name = record.name;
  if (kind === 'run') downloadText(serializeRun(record), fileName(name, '.run.json'), MIME.json);
  if (kind === 'csv')
    downloadText(metricsCsv(record.events), fileName(name, '-metrics.csv'), MIME.csv);
  if (kind === 'metrics') {
    downloadText(metricsJson(record), fileName(name, '-metrics.json'), MIME.json);
  }
  if (kind === 'recipe') {
    downloadText(recipeJson(record.recipe, name), fileName(name, '-recipe.json'), MIME.json);
  }
}

/**
 * A run's exports behind a disclosure (keyboard-usable <details>): the run file (re-importable),
 * metrics as CSV or JSON, the recipe as JSON, the recipe as a PyTorch train.py (ZIP with the data
 * asset), and a copy of the recipe link. Where the clipboard
 * is refused, the link is shown selected in a read-only field.
 */
export function RunExportMenu({ run, load }: RunExportMenuProps) {
  const [status, setStatus] = useState('');
  const [manualUrl, setManualUrl] = useState<string | null>(null);

  const download = async (kind: FileKind) => {
    const record = await load();
    if (!record) return setStatus('This run is no longer stored.');
    save(kind, record);
    setStatus('');
  };

  const exportTorch = async () => {
    setStatus(TORCH_EXPORT_BUSY);
    setStatus(await saveTorchExport(run.recipe, run.name));
  };

  const copyLink = async () => {
    const url = recipeUrl(run.recipe, window.location.href);
    const copied = await copyText(url);
    setManualUrl(copied ? null : url);
    setStatus(copied ? 'Recipe link copied.' : 'Press Ctrl+C (⌘C on a Mac) to copy the link.');
  };

  return (
    <details className="run-export">
      <summary>Export</summary>
      <div className="run-export-actions">
        {FILES.map(({ kind, label }) => (
          <button key={kind} type="button" onClick={() => void download(kind)}>
            {label}
          </button>
        ))}
        <button type="button" onClick={() => void exportTorch()}>
          PyTorch script (ZIP)
        </button>
        <button type="button" onClick={() => void copyLink()}>
          Copy recipe link
        </button>
      </div>
      {manualUrl !== null && (
        <input
          className="run-export-url"
          type="text"
          readOnly
          value={manualUrl}
          aria-label={`Recipe link of “${run.name}”`}
          autoFocus
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
      <span role="status" className="hint-muted">
        {status}
      </span>
    </details>
  );
}
