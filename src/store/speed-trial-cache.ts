import { z } from 'zod';
import { speedTrialsSchema, type SpeedTrials } from '../engine/protocol';

/**
 * This browser's speed trials, kept in localStorage so a trial runs once per browser, not per
 * visit. An entry is stale, and read as none, after {@link MAX_AGE_MS}, under another browser
 * build (user agent) or trial version: a browser update or a new trial measures again.
 */

const STORAGE_KEY = 'quantlab.speedTrials';

/** Bump when the trial's workload or timing changes: older entries then measure again. */
const TRIAL_VERSION = 1;

/** Thirty days: drivers and browsers change, and a trial costs a few idle seconds. */
export const MAX_AGE_MS = 30 * 24 * 3600 * 1000;

const entrySchema = z.object({
  version: z.literal(TRIAL_VERSION),
  userAgent: z.string(),
  measuredAt: z.number(),
  trials: speedTrialsSchema,
});

/** The storage a cache needs (window.localStorage, or a fake in tests). */
export type TrialStorage = Pick<Storage, 'getItem' | 'setItem'>;

/** The cached trials, or none when there are none, they are stale, or they do not parse. */
export function readSpeedTrials(
  storage: TrialStorage,
  userAgent: string,
  now: number,
): SpeedTrials {
  try {
    const entry = entrySchema.parse(JSON.parse(storage.getItem(STORAGE_KEY) ?? 'null'));
    const fresh = entry.userAgent === userAgent && now - entry.measuredAt <= MAX_AGE_MS;
    return fresh && now >= entry.measuredAt ? entry.trials : {};
  } catch {
    return {};
  }
}

/** Keep `trials`, with what is already cached for other backends while it is fresh. */
export function writeSpeedTrials(
  storage: TrialStorage,
  trials: SpeedTrials,
  userAgent: string,
  now: number,
): void {
  const merged = { ...readSpeedTrials(storage, userAgent, now), ...trials };
  const entry = { version: TRIAL_VERSION, userAgent, measuredAt: now, trials: merged };
  try {
    storage.setItem(STORAGE_KEY, JSON.stringify(entry));
  } catch {
    // Storage full or disabled: the trial runs again next time, nothing else is lost.
  }
}
