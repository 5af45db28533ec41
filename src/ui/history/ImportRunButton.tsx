import { useId, useState } from 'react';
import type { RunHistory } from '../../store/history/run-history';

/**
 * Import a run file (a run's "Run file (JSON)" export): a labelled file input for .json files.
 * The history validates it and stores it, or says in its alert why not; nothing is stored then.
 */
export function ImportRunButton({ history }: { history: RunHistory }) {
  const id = useId();
  const [busy, setBusy] = useState(false);
  return (
    <div className="run-import">
      <label htmlFor={id}>Import a run file (JSON)</label>
      <input
        id={id}
        type="file"
        accept=".json,application/json"
        data-testid="run-import"
        disabled={busy}
        onChange={(e) => {
          const input = e.currentTarget;
          const file = input.files?.[0];
          if (!file) return;
          setBusy(true);
          void history.importFile(file).finally(() => {
            input.value = ''; // the same file can be chosen again
            setBusy(false);
          });
        }}
      />
    </div>
  );
}
