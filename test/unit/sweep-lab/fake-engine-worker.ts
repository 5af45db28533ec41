// A stand-in for an engine Web Worker (not a test file): it answers `start` with a short, valid
// event stream, can be told to diverge or crash, and records what it was sent.
import type { EngineCommand, EngineEvent } from '../../../src/engine/protocol';
import type { Recipe } from '../../../src/settings/schema';
import type { WorkerPort } from '../../../src/store/engine-bridge';

/** How the fake engine treats a recipe. */
export interface FakeBehaviour {
  /** Test accuracy of a run (default: 0.5 + learning rate). */
  accuracy?(recipe: Recipe): number;
  diverges?(recipe: Recipe): boolean;
  /** Crash (the worker's error event) instead of answering this start. */
  crashes?(recipe: Recipe): boolean;
  /** Refuse the recipe, as the engine refuses one whose settings conflict. */
  refuses?(recipe: Recipe): boolean;
}

/** The events of one finished (or diverged) run. */
export function runEvents(recipe: Recipe, behaviour: FakeBehaviour = {}): EngineEvent[] {
  if (behaviour.refuses?.(recipe)) {
    return [{ type: 'error', kind: 'rejected', message: 'settings conflict' }];
  }
  const steps = recipe.steps;
  const diverged = behaviour.diverges?.(recipe) ?? false;
  const testAccuracy = behaviour.accuracy?.(recipe) ?? 0.5 + recipe.learningRate;
  return [
    { type: 'phase', phase: 'running', message: 'Training.' },
    {
      type: 'train-metrics',
      step: steps,
      loss: 0.5,
      terms: { task: 0.5 },
      trainAccuracy: 0.8,
      stepsPerSecond: 10,
    },
    ...(diverged
      ? ([
          { type: 'error', kind: 'diverged', message: 'loss is NaN', step: steps },
          { type: 'phase', phase: 'failed', message: 'Diverged.' },
        ] as const)
      : ([
          { type: 'test-metrics', step: steps, testAccuracy, testLoss: 0.4 },
          { type: 'phase', phase: 'finished', message: 'Done.' },
        ] as const)),
  ];
}

export class FakeEngineWorker implements WorkerPort {
  readonly sent: EngineCommand[] = [];
  terminated = false;
  private readonly onMessage: ((event: MessageEvent) => void)[] = [];
  private readonly onError: ((event: ErrorEvent) => void)[] = [];

  constructor(private readonly behaviour: FakeBehaviour = {}) {}

  postMessage(command: EngineCommand): void {
    this.sent.push(command);
    if (command.type === 'simulate-crash') setTimeout(() => this.crash());
    if (command.type !== 'start') return;
    const recipe = command.recipe;
    setTimeout(() => {
      if (this.terminated) return;
      if (this.behaviour.crashes?.(recipe)) return this.crash();
      for (const event of runEvents(recipe, this.behaviour)) this.emit(event);
    });
  }

  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  addEventListener(type: string, listener: (event: never) => void): void {
    if (type === 'message') this.onMessage.push(listener as (event: MessageEvent) => void);
    else this.onError.push(listener as (event: ErrorEvent) => void);
  }

  terminate(): void {
    this.terminated = true;
  }

  emit(data: unknown): void {
    for (const listener of this.onMessage) listener({ data } as MessageEvent);
  }

  crash(): void {
    for (const listener of this.onError) listener({ message: 'boom' } as ErrorEvent);
  }
}
