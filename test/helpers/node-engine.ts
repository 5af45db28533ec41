import { createEngine, type Engine, type EngineEnv } from '../../src/engine/engine';
import type { EngineEvent } from '../../src/engine/protocol';
import { defaultRecipe, type Recipe } from '../../src/settings/schema';
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
export function testRecipe(overrides: Partial<Recipe>): Recipe {
  return { ...defaultRecipe(), backend: 'cpu', ...overrides };
}

/** Events of one type, typed. */
export const only = <T extends EngineEvent['type']>(events: EngineEvent[], type: T) =>
  events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);

/** Train a fresh engine on `settings` until it finishes or fails; returns every event. */
export async function trainToEnd(recipe: Recipe): Promise<EngineEvent[]> {
  const { engine, events, until } = recordingEngine();
  const done = until(['finished', 'failed']);
  await engine.handle({ type: 'start', recipe: recipe });
  await done;
  await engine.destroy();
  return events;
}
