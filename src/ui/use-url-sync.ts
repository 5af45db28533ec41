import { useEffect, useRef } from 'react';
import { useLab } from '../store/lab-store';
import { decodeRecipe } from '../settings/url-codec';
import { matchingPreset } from '../settings/presets';
import { decodeView, linkBase, linkQuery, sameView, type View } from '../settings/view-codec';
import { SETTING_KEYS, defaultRecipe, sameRecipe, type Recipe } from '../settings/schema';
import { decodeTwin, sameTwin, type Twin } from '../settings/twin-codec';
import { decodeSweep, encodeSweep } from '../sweep/sweep-link';
import type { SweepSpec } from '../sweep/sweep-types';
import { linkSpec } from '../store/sweep/sweep-draft';
import { useSweep } from '../store/sweep/sweep-store';

/** Changes closer together than this (ms) share one history entry, so typing does not flood it. */
export const SETTLE_MS = 600;

/** localStorage key of the last recipe's query string. */
export const LAST_RECIPE_KEY = 'quantlab:last-recipe';

/** The notice shown when an empty link was filled from the last recipe. */
export const RESTORED_NOTICE = 'Restored your last recipe.';

/**
 * Keep the recipe (and the sweep form, once it has one) in the address bar. On the first mount
 * it reads the URL (or, when the query is empty, the last recipe from localStorage) into the
 * stores; from then on it is the one writer of the URL: a whole-recipe change (a preset, several
 * keys at once) pushes a history entry at once, single-setting edits push one entry per burst
 * (later edits within {@link SETTLE_MS} replace it), sweep-form edits replace the entry, and
 * back/forward decode the URL into the stores without pushing again.
 */
export function useUrlSync(): void {
  // A ref survives StrictMode's second effect run, so the URL's notices are read only once.
  const loaded = useRef(false);
  useEffect(() => {
    if (!loaded.current) {
      loaded.current = true;
      loadInitialRecipe();
    }
    return startHistorySync();
  }, []);
}

/** Put the link's recipe (or the remembered one) into the store and the address bar, once. */
export function loadInitialRecipe(): void {
  const { recipe, twin, view, notices, sweep } = initialRecipe(window.location.search);
  useSweep.getState().setDraftFromLink(sweep);
  useLab.getState().replaceRecipe(recipe, notices, twin, view);
  writeUrl(currentQuery(), 'replace');
}

/**
 * What a link decodes to: recipe A, the twin, the view, the sweep form's spec and every problem
 * found.
 */
interface DecodedLink {
  recipe: Recipe;
  twin: Twin;
  view: View;
  sweep: SweepSpec | null;
  notices: string[];
}

/** The recipe a page opens with: an explicit query always wins over the remembered recipe. */
function initialRecipe(search: string): DecodedLink {
  const hasQuery = [...new URLSearchParams(search).keys()].length > 0;
  const stored = hasQuery ? null : readStoredRecipe();
  if (stored !== null) {
    const restored = decodeLink(stored);
    if (!sameRecipe(restored.recipe, defaultRecipe()) || restored.twin.on) {
      return { ...restored, notices: [RESTORED_NOTICE, ...restored.notices] };
    }
  }
  return decodeLink(search);
}

/** Recipe A, the A/B twin, the view and the sweep from one query, with every problem found. */
function decodeLink(search: string): DecodedLink {
  const shown = decodeView(search);
  const a = decodeRecipe(search, linkBase(shown.view.preset));
  const b = decodeTwin(search);
  const sweep = decodeSweep(search, a.recipe);
  const notices = [...a.problems, ...b.problems, ...shown.problems, ...sweep.problems];
  return { recipe: a.recipe, twin: b.twin, view: shown.view, sweep: sweep.spec, notices };
}

/** The query for the stores' state: the recipe (and twin), then the sweep form when linked. */
export function currentQuery(): string {
  const { recipe, twin, view } = useLab.getState();
  const { draft, linked } = useSweep.getState();
  const spec = linked ? linkSpec(draft) : null;
  const query = linkQuery(recipe, twin, view);
  return spec ? `${query}&${encodeSweep(spec)}` : query;
}

/**
 * Make the URL follow the store (the one writer) and the store follow back/forward; returns the
 * cleanup. Plain code, so React only adapts it ({@link useUrlSync}).
 */
export function startHistorySync(): () => void {
  let settleTimer: ReturnType<typeof setTimeout> | null = null;
  let fromHistory = false;
  const endBurst = () => {
    if (settleTimer !== null) clearTimeout(settleTimer);
    settleTimer = null;
  };
  const onPopState = () => {
    endBurst();
    const { recipe, twin, view, notices, sweep } = decodeLink(window.location.search);
    const now = useLab.getState();
    fromHistory = true;
    try {
      const same = sameRecipe(recipe, now.recipe) && sameTwin(twin, now.twin);
      if (!same || !sameView(view, now.view)) {
        useLab.getState().replaceRecipe(recipe, notices, twin, view);
      }
      applyLinkedSweep(sweep);
    } finally {
      fromHistory = false;
    }
  };
  // Sweep-form edits replace the current entry: typing values must not flood the history.
  const unsubscribeSweep = useSweep.subscribe((state, previous) => {
    if (state.draft === previous.draft && state.linked === previous.linked) return;
    const query = currentQuery();
    if (`?${query}` !== window.location.search) writeUrl(query, 'replace');
  });
  const unsubscribe = useLab.subscribe((state, previous) => {
    const { recipe, twin, view } = state;
    if (recipe === previous.recipe && twin === previous.twin && view === previous.view) return;
    const query = currentQuery();
    if (fromHistory) return writeUrl(query, 'replace'); // tidy the entry we arrived at
    if (`?${query}` === window.location.search) return;
    const moved = twin !== previous.twin || !sameView(view, previous.view);
    if (moved || isJump(previous.recipe, recipe)) {
      endBurst();
      return writeUrl(query, 'push');
    }
    writeUrl(query, settleTimer === null ? 'push' : 'replace');
    endBurst();
    settleTimer = setTimeout(() => (settleTimer = null), SETTLE_MS);
  });
  window.addEventListener('popstate', onPopState);
  return () => {
    endBurst();
    unsubscribe();
    unsubscribeSweep();
    window.removeEventListener('popstate', onPopState);
  };
}

/** Fill the sweep form from a link's spec unless the form already says the same. */
function applyLinkedSweep(spec: SweepSpec | null): void {
  const { draft, linked } = useSweep.getState();
  const current = linked ? linkSpec(draft) : null;
  const same = current && spec ? encodeSweep(current) === encodeSweep(spec) : current === spec;
  if (!same) useSweep.getState().setDraftFromLink(spec);
}

/** A change that replaces the recipe (a preset, or several settings at once): its own entry. */
function isJump(before: Recipe, after: Recipe): boolean {
  const changed = SETTING_KEYS.filter((key) => before[key] !== after[key]).length;
  return changed > 1 || matchingPreset(after) !== null;
}

/** Write `query` to the address bar (keeping path and hash) and remember it. */
function writeUrl(query: string, mode: 'push' | 'replace'): void {
  const url = `${window.location.pathname}?${query}${window.location.hash}`;
  if (mode === 'push') window.history.pushState(null, '', url);
  else window.history.replaceState(null, '', url);
  storeRecipe(query);
}

function readStoredRecipe(): string | null {
  try {
    return window.localStorage.getItem(LAST_RECIPE_KEY);
  } catch {
    return null; // storage disabled (privacy mode, sandboxed frame): nothing to restore
  }
}

function storeRecipe(query: string): void {
  try {
    window.localStorage.setItem(LAST_RECIPE_KEY, query);
  } catch {
    // Storage full or disabled: the URL still holds the recipe.
  }
}
