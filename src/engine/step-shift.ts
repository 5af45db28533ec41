import type { EngineEvent } from './protocol';

/**
 * `event` with every step it names moved `offset` steps on: a later stage's session counts from
 * 0, while its events carry run steps, so the plots show one continuous run. Counts (a stage's
 * `steps`) stay as they are. Offset 0 returns `event` itself.
 */
export function shiftSteps(event: EngineEvent, offset: number): EngineEvent {
  if (offset === 0 || !('step' in event) || event.step === undefined) return event;
  if (event.type === 'weight-trace') {
    const steps = event.steps.map((step) => step + offset);
    return { ...event, step: event.step + offset, steps };
  }
  return { ...event, step: event.step + offset } as EngineEvent;
}

/** `emit` for a stage `offset` steps into its run: each event's steps shifted by it. */
export function shiftedEmit(
  emit: (event: EngineEvent) => void,
  offset: number,
): (event: EngineEvent) => void {
  return offset === 0 ? emit : (event) => emit(shiftSteps(event, offset));
}
