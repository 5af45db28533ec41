import { useRef, useState } from 'react';
import { SettingsPanel } from '../controls/SettingsPanel';
import { TwinPanel } from '../controls/TwinPanel';

/**
 * "All settings" one click from the demo: the full settings panel in a modal dialog (Escape or
 * Close shuts it; focus returns to the button). Edits apply at once, as in the full lab. The
 * panel mounts only while the dialog is open, so each setting has one control on the page.
 */
export function AllSettingsDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);
  const show = () => {
    setOpen(true);
    dialog.current?.showModal();
  };
  return (
    <>
      <button type="button" data-testid="all-settings" onClick={show} aria-haspopup="dialog">
        All settings
      </button>
      <dialog
        ref={dialog}
        className="all-settings"
        aria-label="All settings"
        onClose={() => setOpen(false)}
      >
        <div className="all-settings-head">
          <h2>All settings</h2>
          <button type="button" onClick={() => dialog.current?.close()} autoFocus>
            Close
          </button>
        </div>
        {open && (
          <>
            <TwinPanel />
            <SettingsPanel />
          </>
        )}
      </dialog>
    </>
  );
}
