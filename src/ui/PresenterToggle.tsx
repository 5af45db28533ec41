import { useEffect, useState } from 'react';

/** Where the choice is remembered: a viewing preference, not part of the recipe or the URL. */
const STORAGE_KEY = 'quantlab.presenter';

function storedChoice(): boolean {
  try {
    return window.localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false; // storage blocked (privacy mode): start in the normal layout
  }
}

/**
 * Switches the page to the presenter layout (larger type and plots for a projector) by putting
 * the `presenter` class on the document root; remembered across reloads.
 */
export function PresenterToggle() {
  const [on, setOn] = useState(storedChoice);
  useEffect(() => {
    document.documentElement.classList.toggle('presenter', on);
    try {
      window.localStorage.setItem(STORAGE_KEY, on ? 'on' : 'off');
    } catch {
      // not remembered; the toggle still works for this page
    }
  }, [on]);
  return (
    <button
      type="button"
      aria-pressed={on}
      onClick={() => setOn((v) => !v)}
      data-testid="presenter-toggle"
      title="Larger type and plots for a projector"
    >
      Presenter view
    </button>
  );
}
