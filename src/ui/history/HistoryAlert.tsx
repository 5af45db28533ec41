import { downloadText, fileName, MIME } from '../../store/export/download';
import { serializeRun } from '../../store/export/run-file';
import type { RunRecord } from '../../store/history/run-record';

/** Props of {@link HistoryAlert}. */
export interface HistoryAlertProps {
  message: string;
  /** The run a full storage could not take: offered as a download so it is not lost. */
  unsaved: RunRecord | null;
  onDismiss(): void;
}

/** The history's problem (storage full, import refused…) as an alert the user dismisses. */
export function HistoryAlert({ message, unsaved, onDismiss }: HistoryAlertProps) {
  const download = (record: RunRecord) =>
    downloadText(serializeRun(record), fileName(record.name, '.run.json'), MIME.json);
  return (
    <div className="banner banner-error" role="alert" data-testid="run-history-alert">
      <p>{message}</p>
      {unsaved && (
        <button type="button" onClick={() => download(unsaved)}>
          Download this run (JSON)
        </button>
      )}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
