import { create } from 'zustand';
import type { EngineEvent, TrainConfig } from '../engine/protocol';
import { defaultSettings, type SettingKey, type Settings } from '../settings/schema';
import { applyEvent, clearedMetrics, initialRunState, type RunState } from './run-state';

/** The one store: `settings` (mirrored to the URL) and `run` (built from engine events). */
export interface LabState {
  settings: Settings;
  /** Problems found while reading the URL, shown in a dismissible notice. */
  notices: string[];
  run: RunState;
  setSetting<K extends SettingKey>(key: K, value: Settings[K]): void;
  replaceSettings(settings: Settings, notices?: string[]): void;
  dismissNotices(): void;
  /** Record that a new run with `config` was requested: its metrics start empty. */
  beginRun(config: TrainConfig): void;
  /** Forget the run (after a reset). */
  clearRun(): void;
  applyEngineEvent(event: EngineEvent): void;
}

export const useLab = create<LabState>()((set) => ({
  settings: defaultSettings(),
  notices: [],
  run: initialRunState(),
  setSetting: (key, value) => set((s) => ({ settings: { ...s.settings, [key]: value } })),
  replaceSettings: (settings, notices = []) => set({ settings, notices }),
  dismissNotices: () => set({ notices: [] }),
  beginRun: (config) => set((s) => ({ run: { ...s.run, ...clearedMetrics(), config } })),
  clearRun: () => set((s) => ({ run: { ...s.run, ...clearedMetrics(), config: null } })),
  applyEngineEvent: (event) => set((s) => ({ run: applyEvent(s.run, event) })),
}));
