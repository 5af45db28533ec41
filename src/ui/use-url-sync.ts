import { useEffect } from 'react';
import { useLab } from '../store/lab-store';
import { decodeSettings, encodeSettings } from '../settings/url-codec';

/** Read the recipe from the URL once, then mirror every settings change into it. */
export function useUrlSync(): void {
  useEffect(() => {
    const { settings, problems } = decodeSettings(window.location.search);
    useLab.getState().replaceSettings(settings, problems);
    return useLab.subscribe((state, previous) => {
      if (state.settings === previous.settings) return;
      const url = `${window.location.pathname}?${encodeSettings(state.settings)}${window.location.hash}`;
      window.history.replaceState(null, '', url);
    });
  }, []);
}
