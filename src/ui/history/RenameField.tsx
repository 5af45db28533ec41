import { useEffect, useId, useRef, useState } from 'react';

/** Props of {@link RenameField}. */
export interface RenameFieldProps {
  /** The run's current name, the field's starting text. */
  name: string;
  /** Save `name` (Enter, the Save button or leaving the field). */
  onSave(name: string): void;
  /** Leave the name as it was (Escape or Cancel). */
  onCancel(): void;
}

/**
 * Inline rename: a labelled text field, focused and selected on open. Enter or Save keeps the new
 * name, Escape or Cancel restores the old one; leaving the field keeps what was typed.
 */
export function RenameField({ name, onSave, onCancel }: RenameFieldProps) {
  const id = useId();
  const [value, setValue] = useState(name);
  const field = useRef<HTMLInputElement>(null);
  const done = useRef(false);

  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);

  const finish = (save: boolean) => {
    if (done.current) return;
    done.current = true;
    if (save) onSave(value);
    else onCancel();
  };

  return (
    <span className="run-rename">
      <label htmlFor={id} className="runs-sr-only">
        New name for “{name}”
      </label>
      <input
        ref={field}
        id={id}
        type="text"
        value={value}
        maxLength={200}
        onChange={(e) => setValue(e.currentTarget.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter' && e.key !== 'Escape') return;
          // Focus returns to the Rename button at once: its keypress must not press it again.
          e.preventDefault();
          finish(e.key === 'Enter');
        }}
        onBlur={(e) => {
          // Moving to this field's own buttons is not leaving it.
          if (!e.currentTarget.parentElement?.contains(e.relatedTarget)) finish(true);
        }}
      />
      <button type="button" onClick={() => finish(true)}>
        Save
      </button>
      <button type="button" onClick={() => finish(false)}>
        Cancel
      </button>
    </span>
  );
}
