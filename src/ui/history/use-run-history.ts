import { useSyncExternalStore } from 'react';
import type { HistoryState, RunHistory } from '../../store/history/run-history';

/** The run history's state; re-renders when it changes (server rendering sees the same state). */
export function useRunHistory(history: RunHistory): HistoryState {
  return useSyncExternalStore(history.subscribe, history.getSnapshot, history.getSnapshot);
}
