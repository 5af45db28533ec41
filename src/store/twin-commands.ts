import type { EngineCommands } from './engine-bridge';
import { useLab } from './lab-store';

/**
 * The lab's commands with the A/B twin: engine A always, and engine B (created on first need, so
 * a lab without a twin runs one worker) whenever the twin is on. Both engines get the same
 * command at the same moment; with the same seed they draw the same data order. A command that
 * only ends or inspects a run (pause, reset, PTQ…) also reaches a B that is no longer shown, so
 * no twin keeps training unseen. Weights are exported from A only.
 */
export function twinCommands(a: EngineCommands, createB: () => EngineCommands): EngineCommands {
  let b: EngineCommands | null = null;
  const twinOn = () => useLab.getState().twin.on;
  const engineB = (): EngineCommands | null => {
    try {
      return (b ??= createB());
    } catch (error) {
      const message = `Twin B's training worker could not start (${String(error)}).`;
      useLab.getState().applyEngineEvent({ type: 'error', kind: 'internal', message }, 'b');
      return null;
    }
  };
  /** A command for both engines while the twin is on; for an existing B even when it is off. */
  const both = (run: (engine: EngineCommands) => void, whenOff: 'skip-b' | 'existing-b') => () => {
    run(a);
    if (twinOn()) {
      const engine = engineB();
      if (engine) run(engine);
    } else if (whenOff === 'existing-b' && b) run(b);
  };
  return {
    start: both((e) => e.start(), 'skip-b'),
    stepOnce: both((e) => e.stepOnce(), 'skip-b'),
    probe: both((e) => e.probe(), 'skip-b'),
    pause: both((e) => e.pause(), 'existing-b'),
    resume: both((e) => e.resume(), 'skip-b'),
    reset: both((e) => e.reset(), 'existing-b'),
    // The same quantizer for both, so A and B are compared on equal terms.
    runPtq: (quantizer) => both((e) => e.runPtq(quantizer), 'skip-b')(),
    reestimateBn: both((e) => e.reestimateBn(), 'skip-b'),
    measureSensitivity: (bits) => both((e) => e.measureSensitivity(bits), 'skip-b')(),
    restart: both((e) => e.restart(), 'existing-b'),
    simulateFault: (fault) => a.simulateFault(fault),
    exportWeights: (bits) => a.exportWeights(bits),
    useSpeedTrials: (trials) => both((e) => e.useSpeedTrials(trials), 'existing-b')(),
  };
}
