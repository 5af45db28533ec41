import { useEffect, useRef, useState } from 'react';
import './controls.css';

type CopyState = 'idle' | 'copied' | 'manual';

/** How long "Link copied" stays on screen (ms). */
const CONFIRM_MS = 4000;

const MESSAGE: Record<CopyState, string> = {
  idle: '',
  copied: 'Link copied',
  manual: 'Press Ctrl+C (⌘C on a Mac) to copy the selected link.',
};

/**
 * Copies the page's full URL, which holds the whole recipe. Uses the Clipboard API; where it is
 * missing (insecure page) or refused, it shows the URL in a read-only field, selects it and asks
 * the user to press Ctrl+C. The button reads "Copied ✓" for a few seconds, and the outcome is
 * announced in a live region (role=status).
 */
export function CopyLinkButton() {
  const [state, setState] = useState<CopyState>('idle');
  const [url, setUrl] = useState('');
  const field = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (state === 'manual') {
      field.current?.focus();
      field.current?.select();
    }
    if (state !== 'copied') return;
    const timer = setTimeout(() => setState('idle'), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [state, url]);

  const copy = async () => {
    const href = window.location.href;
    setUrl(href);
    setState('idle'); // so a second "Link copied" is announced again
    try {
      if (!navigator.clipboard?.writeText) throw new Error('Clipboard API unavailable');
      await navigator.clipboard.writeText(href);
      setState('copied');
    } catch {
      setState('manual');
    }
  };

  return (
    <div className="copy-link">
      <button
        type="button"
        data-testid="copy-link"
        data-state={state}
        aria-label="Copy link"
        onClick={() => void copy()}
      >
        {/* The button itself says "Copied" for a moment: visible from the back of a room. */}
        {state === 'copied' ? 'Copied ✓' : 'Copy link'}
      </button>
      {state === 'manual' && (
        <input
          ref={field}
          className="copy-link-field"
          type="text"
          readOnly
          value={url}
          aria-label="Link to this recipe"
          onFocus={(e) => e.currentTarget.select()}
        />
      )}
      <span
        className={state === 'copied' ? 'copy-link-status visually-hidden' : 'copy-link-status'}
        role="status"
      >
        {MESSAGE[state]}
      </span>
    </div>
  );
}
