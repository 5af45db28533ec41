import { useSyncExternalStore } from 'react';
import type { PlotView } from './plot-style';

/** The class on the root element that switches the page to Presenter view (`PresenterToggle`). */
export const PRESENTER_CLASS = 'presenter';

/** Calls `onChange` whenever the root element's classes change; returns the unsubscribe. */
function watchRootClass(onChange: () => void): () => void {
  const observer = new MutationObserver(onChange);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
  return () => observer.disconnect();
}

const currentView = (): PlotView =>
  document.documentElement.classList.contains(PRESENTER_CLASS) ? 'presenter' : 'normal';

/**
 * The page's view ('presenter' while the root element has the `presenter` class, else 'normal'),
 * re-rendering when it toggles, so plots redraw with the view's type sizes.
 */
export function usePlotView(): PlotView {
  return useSyncExternalStore(watchRootClass, currentView, () => 'normal');
}
