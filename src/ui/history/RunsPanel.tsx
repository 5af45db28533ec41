import { useId, useState } from 'react';
import type { RunHistory } from '../../store/history/run-history';
import type { RunRecord } from '../../store/history/run-record';
import { CompareBar } from './CompareBar';
import { CurrentRunExports } from './CurrentRunExports';
import { HistoryAlert } from './HistoryAlert';
import { ImportRunButton } from './ImportRunButton';
import { RunRow } from './RunRow';
import { useRunHistory } from './use-run-history';
import './history.css';

/** Props of {@link RunsPanel}. */
export interface RunsPanelProps {
  /** The run history (IndexedDB), shared with the engine bridge that stores runs into it. */
  history: RunHistory;
  /** Show a past run: replay its events into the store. */
  onOpen(record: RunRecord): void;
  /** Compare two past runs as A (first picked) and B. */
  onCompare(a: RunRecord, b: RunRecord): void;
  /** Ask the engine for the current weights at `bits`; absent while no engine is connected. */
  onExportWeights?(bits: number): void;
}

/** `ids` with `id` added last (keeping the two latest) or removed. */
const toggled = (ids: string[], id: string, on: boolean) =>
  on ? [...ids.filter((x) => x !== id), id].slice(-2) : ids.filter((x) => x !== id);

/**
 * The "Runs" panel: past runs kept in this browser, newest first, each openable, renamable,
 * deletable and exportable; two can be picked for an A/B comparison; a run file can be imported.
 * Problems (storage full, a refused import) are announced with role=alert; nothing is ever
 * deleted without the user's confirmation.
 */
export function RunsPanel({ history, onOpen, onCompare, onExportWeights }: RunsPanelProps) {
  const headingId = useId();
  const state = useRunHistory(history);
  const [picked, setPicked] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const live = picked.filter((id) => state.runs.some((r) => r.id === id));

  const load = async (id: string) => {
    const record = await history.get(id);
    setMessage(record ? '' : 'That run is no longer stored.');
    return record;
  };
  const compare = async () => {
    const [a, b] = await Promise.all(live.map(load));
    if (a && b) onCompare(a, b);
  };

  return (
    <section className="runs-panel" data-testid="run-history" aria-labelledby={headingId}>
      <h2 id={headingId}>Runs</h2>
      {state.alert && (
        <HistoryAlert
          message={state.alert}
          unsaved={state.unsaved}
          onDismiss={() => history.dismissAlert()}
        />
      )}
      <p role="status" className="hint-muted" data-testid="run-history-status">
        {message || state.notice || ''}
      </p>
      <ImportRunButton history={history} />
      {state.runs.length === 0 ? (
        <p className="hint-muted">
          {state.status === 'loading'
            ? 'Loading stored runs…'
            : 'No runs stored yet: a run is kept here once it trains.'}
        </p>
      ) : (
        <ul className="run-list" aria-label="Stored runs">
          {state.runs.map((run) => (
            <RunRow
              key={run.id}
              run={run}
              picked={live.includes(run.id)}
              pickDisabled={live.length >= 2}
              onPick={(on) => setPicked((ids) => toggled(ids, run.id, on))}
              onOpen={() => void load(run.id).then((r) => r && onOpen(r))}
              onRename={(name) => void history.rename(run.id, name)}
              onDelete={() => void history.remove(run.id)}
              load={() => load(run.id)}
            />
          ))}
        </ul>
      )}
      <CompareBar picked={live.length} onCompare={() => void compare()} />
      <CurrentRunExports onExportWeights={onExportWeights} />
    </section>
  );
}
