import { useRef } from 'react';
import { SettingsPanel } from '../controls/SettingsPanel';
import { TwinPanel } from '../controls/TwinPanel';

/**
 * "All settings" one click from the demo: the full settings panel in a modal dialog (Escape or
 * Close shuts it; focus returns to the button). Edits apply at once, as in the full lab.
 */
export function AllSettingsDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  return (
    <>
      <button
        type="button"
        data-testid="all-settings"
        onClick={() => dialog.current?.showModal()}
        aria-haspopup="dialog"
      >
        All settings
      </button>
      <dialog ref={dialog} className="all-settings" aria-label="All settings">
        <div className="all-settings-head">
          <h2>All settings</h2>
          <button type="button" onClick={() => dialog.current?.close()} autoFocus>
            Close
          </button>
        </div>
        <TwinPanel />
        <SettingsPanel />
      </dialog>
    </>
  );
}
