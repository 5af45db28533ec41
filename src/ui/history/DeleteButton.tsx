import { useEffect, useRef, useState } from 'react';

/** Props of {@link DeleteButton}. */
export interface DeleteButtonProps {
  /** Name of the run, repeated in the question. */
  name: string;
  onConfirm(): void;
}

/**
 * Delete with an inline confirmation: the first press asks "Delete …? This cannot be undone."
 * with Delete and Keep buttons (focus moves to Keep, the safe choice; Escape keeps the run too).
 */
export function DeleteButton({ name, onConfirm }: DeleteButtonProps) {
  const [asking, setAsking] = useState(false);
  const keep = useRef<HTMLButtonElement>(null);
  const ask = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);

  useEffect(() => {
    if (asking) keep.current?.focus();
    else if (wasAsking.current) ask.current?.focus();
    wasAsking.current = asking;
  }, [asking]);

  if (!asking) {
    return (
      <button
        type="button"
        ref={ask}
        aria-label={`Delete “${name}”`}
        onClick={() => setAsking(true)}
      >
        Delete
      </button>
    );
  }
  return (
    <span
      className="run-confirm"
      role="group"
      aria-label={`Delete “${name}”?`}
      onKeyDown={(e) => e.key === 'Escape' && setAsking(false)}
    >
      <span>Delete “{name}”? This cannot be undone.</span>
      <button type="button" className="danger" onClick={onConfirm}>
        Delete
      </button>
      <button type="button" ref={keep} onClick={() => setAsking(false)}>
        Keep
      </button>
    </span>
  );
}
