/**
 * The lab's engine in Node (`node-env.ts`, the tfjs CPU backend) behind the sweep's engine driver
 * (src/sweep/engine-driver.ts): one engine that trains runs one at a time. Paper-check runs and
 * preset recordings both start here, so both train as the lab does.
 */
import { createEngine } from '../../src/engine/engine';
import type { EngineEvent } from '../../src/engine/protocol';
import { createEngineRunner } from '../../src/sweep/engine-driver';
import { nodeEnv } from './node-env';

/** The engine and its runner; `tap` sees every event after the runner does. */
export function createNodeEngine(tap?: (event: EngineEvent) => void) {
  let listener: (event: EngineEvent) => void = () => {};
  let crashed: (error: Error) => void = () => {};
  const engine = createEngine(nodeEnv, (event) => {
    listener(event);
    tap?.(event);
  });
  const runner = createEngineRunner({
    send: (command) => void engine.handle(command).catch((e: unknown) => crashed(asError(e))),
    listen: (onEvent, onCrash) => {
      listener = onEvent;
      crashed = onCrash;
      return () => (listener = () => {});
    },
  });
  return { engine, runner };
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));
