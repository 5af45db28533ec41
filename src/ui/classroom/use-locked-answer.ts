import { useCallback, useState } from 'react';
import { parseStoredChoice, storageKey } from './classroom-state';

function readLocked(presetId: string, count: number): number | null {
  try {
    return parseStoredChoice(window.localStorage.getItem(storageKey(presetId)), count);
  } catch {
    return null; // storage blocked (privacy mode): nothing was kept
  }
}

function writeLocked(presetId: string, locked: number | null): void {
  try {
    if (locked === null) window.localStorage.removeItem(storageKey(presetId));
    else window.localStorage.setItem(storageKey(presetId), String(locked));
  } catch {
    // not kept across a reload; the answer still holds for this page
  }
}

/**
 * The locked-in answer (a choice index of `count`, or null) of preset `presetId`'s question,
 * kept in localStorage so a reload does not lose it. Read once: key the caller by `presetId`.
 */
export function useLockedAnswer(
  presetId: string,
  count: number,
): [number | null, (locked: number | null) => void] {
  const [locked, setLockedState] = useState(() => readLocked(presetId, count));
  const setLocked = useCallback(
    (next: number | null) => {
      writeLocked(presetId, next);
      setLockedState(next);
    },
    [presetId],
  );
  return [locked, setLocked];
}
