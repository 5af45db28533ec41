import { createEngine, type Engine, type EngineEnv } from '../../src/engine/engine';
import type { EngineEvent } from '../../src/engine/protocol';
import { defaultSettings, type Settings } from '../../src/settings/schema';
import { nodeEnv } from '../../scripts/lib/node-env';

// The Node environment lives with the scripts, so the headless runner and the tests share it.
export { nodeEnv };

/** An engine that records every event, plus a helper that waits for a phase. */
export function recordingEngine(env: EngineEnv = nodeEnv): {
  engine: Engine;
  events: EngineEvent[];
  until(phases: string[]): Promise<EngineEvent>;
} {
  const events: EngineEvent[] = [];
  const waiters: { phases: string[]; resolve: (e: EngineEvent) => void }[] = [];
  const engine = createEngine(env, (event) => {
    events.push(event);
    if (event.type !== 'phase') return;
    for (const w of waiters.splice(0)) {
      if (w.phases.includes(event.phase)) w.resolve(event);
      else waiters.push(w);
    }
  });
  const until = (phases: string[]) =>
    new Promise<EngineEvent>((resolve) => waiters.push({ phases, resolve }));
  return { engine, events, until };
}

/** Default settings with overrides, for tests. */
export function config(overrides: Partial<Settings>): Settings {
  return { ...defaultSettings(), backend: 'cpu', ...overrides };
}
