import type { ReportFailure } from './failure-report';
import type { EngineCommand } from './protocol';

export interface CommandDispatcherDeps {
  /** Carry out one command (`command-actions.ts`). */
  perform(command: EngineCommand): Promise<void>;
  /** Stop a running loop after its current step. */
  interrupt(): void;
  reportFailure: ReportFailure;
}

/** Runs commands one at a time in arrival order; a failure is reported and the queue goes on. */
export interface CommandDispatcher {
  /** Queue `command`; settles once it (and all before it) has been carried out or reported. */
  handle(command: EngineCommand): Promise<void>;
  /** Queue engine work (a device-loss recovery) behind the commands already queued. */
  enqueue(task: () => Promise<void>): Promise<void>;
}

export function createCommandDispatcher(deps: CommandDispatcherDeps): CommandDispatcher {
  let queue: Promise<void> = Promise.resolve();

  function enqueue(task: () => Promise<void>): Promise<void> {
    queue = queue.then(() => task()).catch((error: unknown) => deps.reportFailure(error));
    return queue;
  }

  function handle(command: EngineCommand): Promise<void> {
    // A pause must interrupt a running loop at once, not wait behind it in the queue.
    if (command.type === 'pause') deps.interrupt();
    return enqueue(() => deps.perform(command));
  }

  return { handle, enqueue };
}
