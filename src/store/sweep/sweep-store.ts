import { create } from 'zustand';
import type { SweepMetricId, SweepSpec } from '../../sweep/sweep-types';
import { defaultDraft, draftFromSpec, type SweepDraft } from './sweep-draft';
import type { LabSweep } from './sweep-state';

/** Whether sweeps are kept across reloads, and what to tell the user when they are not. */
export interface SweepStorage {
  /** 'memory': IndexedDB is missing; 'full': a run did not fit (it is kept in memory). */
  status: 'loading' | 'ready' | 'memory' | 'full';
  message: string | null;
}

/**
 * The sweep store, apart from the lab's: the form (`draft`, mirrored to the link once the user
 * has a sweep there), the current or last sweep and the metric its results show. Runtime
 * handles (the job pool, the workers) live in the controller, never here.
 */
export interface SweepStoreState {
  draft: SweepDraft;
  /** Whether the link carries the draft (the user edited it, or the link brought one). */
  linked: boolean;
  sweep: LabSweep | null;
  /** The metric the results show; any recorded one can be chosen after the fact. */
  metric: SweepMetricId;
  storage: SweepStorage;
  /** Change the form; from then on the link carries it. */
  editDraft(patch: Partial<SweepDraft>): void;
  /** Fill the form from a link's spec (null: the link has no sweep, the form is kept unlinked). */
  setDraftFromLink(spec: SweepSpec | null): void;
  /** Replace the sweep; the results show its spec's metric when `showMetric` is set. */
  setSweep(sweep: LabSweep | null, showMetric?: boolean): void;
  /** Change the sweep if it is still the one with `id` (late pool callbacks are ignored). */
  updateSweep(id: string, change: (sweep: LabSweep) => LabSweep): void;
  setMetric(metric: SweepMetricId): void;
  setStorage(storage: SweepStorage): void;
}

export const useSweep = create<SweepStoreState>()((set) => ({
  draft: defaultDraft(),
  linked: false,
  sweep: null,
  metric: defaultDraft().metric,
  storage: { status: 'loading', message: null },
  editDraft: (patch) => set((s) => ({ draft: { ...s.draft, ...patch }, linked: true })),
  setDraftFromLink: (spec) =>
    set((s) => (spec ? { draft: draftFromSpec(spec, s.draft), linked: true } : { linked: false })),
  setSweep: (sweep, showMetric = true) =>
    set(sweep && showMetric ? { sweep, metric: sweep.spec.metric } : { sweep }),
  updateSweep: (id, change) => set((s) => (s.sweep?.id === id ? { sweep: change(s.sweep) } : {})),
  setMetric: (metric) => set({ metric }),
  setStorage: (storage) => set({ storage }),
}));
