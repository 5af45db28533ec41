import { useEffect, useRef } from 'react';
import { useLab } from '../store/lab-store';
import { decodeRecipe } from '../settings/url-codec';
import { matchingPreset, recipeQuery } from '../settings/presets';
import { SETTING_KEYS, defaultRecipe, sameRecipe, type Recipe } from '../settings/schema';
import { decodeTwin, sameTwin, type Twin } from '../settings/twin-codec';

/** Changes closer together than this (ms) share one history entry, so typing does not flood it. */
export const SETTLE_MS = 600;

/** localStorage key of the last recipe's query string. */
export const LAST_RECIPE_KEY = 'quantlab:last-recipe';

/** The notice shown when an empty link was filled from the last recipe. */
export const RESTORED_NOTICE = 'Restored your last recipe.';

/**
 * Keep the recipe in the address bar. On the first mount it reads the URL (or, when the query is
 * empty, the last recipe from localStorage) into the store; from then on it is the one writer of
 * the URL: a whole-recipe change (a preset, several keys at once) pushes a history entry at
 * once, single-setting edits push one entry per burst (later edits within {@link SETTLE_MS}
 * replace it), and back/forward decode the URL into the store without pushing again.
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
  const { recipe, twin, notices } = initialRecipe(window.location.search);
  useLab.getState().replaceRecipe(recipe, notices, twin);
  writeUrl(recipeQuery(recipe, twin), 'replace');
}

/** The recipe a page opens with: an explicit query always wins over the remembered recipe. */
function initialRecipe(search: string): { recipe: Recipe; twin: Twin; notices: string[] } {
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

/** Recipe A and the A/B twin from one query string, with every problem found in either. */
function decodeLink(search: string): { recipe: Recipe; twin: Twin; notices: string[] } {
  const a = decodeRecipe(search);
  const b = decodeTwin(search);
  return { recipe: a.recipe, twin: b.twin, notices: [...a.problems, ...b.problems] };
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
    const { recipe, twin, notices } = decodeLink(window.location.search);
    const now = useLab.getState();
    if (sameRecipe(recipe, now.recipe) && sameTwin(twin, now.twin)) return;
    fromHistory = true;
    try {
      useLab.getState().replaceRecipe(recipe, notices, twin);
    } finally {
      fromHistory = false;
    }
  };
  const unsubscribe = useLab.subscribe((state, previous) => {
    if (state.recipe === previous.recipe && state.twin === previous.twin) return;
    const query = recipeQuery(state.recipe, state.twin);
    if (fromHistory) return writeUrl(query, 'replace'); // tidy the entry we arrived at
    if (`?${query}` === window.location.search) return;
    if (state.twin !== previous.twin || isJump(previous.recipe, state.recipe)) {
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
    window.removeEventListener('popstate', onPopState);
  };
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
