import { useId, useMemo, useState } from 'react';
import type { RunRecord } from '../../store/history/run-record';
import { useLab } from '../../store/lab-store';
import type { SweepController } from '../../store/sweep/sweep-controller';
import { baselinePartner } from '../../store/sweep/sweep-state';
import { useSweep } from '../../store/sweep/sweep-store';
import { baselineIndex } from '../../sweep/sweep-plan';
import { SweepForm } from './SweepForm';
import { SweepPresetPicker } from './SweepPresetPicker';
import { SweepProgress } from './SweepProgress';
import { SweepResults } from './SweepResults';
import './sweep.css';

/** Props of {@link SweepPanel}. */
export interface SweepPanelProps {
  controller: SweepController;
  /** Show a run in the lab as A (as opening a stored run does). */
  onOpen(record: RunRecord): void;
  /** Show two runs as A and B. */
  onCompare(a: RunRecord, b: RunRecord): void;
}

/**
 * "Sweep a knob": recipe A over several values of one setting, several seeds each, in a pool of
 * engine workers; its progress, and the metric against the knob with its spread.
 */
export function SweepPanel({ controller, onOpen, onCompare }: SweepPanelProps) {
  const headingId = useId();
  const recipe = useLab((s) => s.recipe);
  // The default follows the backend 'auto' turned out to be, once the lab's engine reports it.
  const backend = useLab((s) => s.run.backend?.name ?? null);
  const defaultWorkers = useMemo(
    () => controller.defaultWorkers(recipe),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `backend` is read inside
    [controller, recipe, backend],
  );
  const storage = useSweep((s) => s.storage);
  const [message, setMessage] = useState('');
  const open = async (key: string, beside: boolean) => {
    const sweep = useSweep.getState().sweep;
    const partner =
      sweep && baselinePartner(sweep.plan, key, baselineIndex(sweep.recipe, sweep.spec));
    const [run, base] = await Promise.all([
      controller.runRecord(key),
      beside && partner ? controller.runRecord(partner.key) : null,
    ]);
    if (!run || (beside && !base)) {
      setMessage(
        run
          ? 'The baseline value’s run of this seed has not finished yet.'
          : 'That run is not stored any more.',
      );
      return;
    }
    setMessage('');
    if (beside && base) onCompare(base, run);
    else onOpen(run);
  };
  return (
    <section className="sweep-panel" data-testid="sweep-panel" aria-labelledby={headingId}>
      <h2 id={headingId}>Sweep a knob</h2>
      <p className="hint-muted">
        Train recipe A over several values of one setting, with several seeds each, and see the
        metric against the setting with its spread across seeds.
      </p>
      <SweepPresetPicker />
      <SweepForm defaultWorkers={defaultWorkers} onStart={() => controller.start()} />
      {storage.message && (
        <p role="alert" className="sweep-storage" data-testid="sweep-storage">
          {storage.message}
        </p>
      )}
      <SweepProgress controller={controller} />
      <p role="status" className="hint-muted">
        {message}
      </p>
      <SweepResults onOpen={(key, beside) => void open(key, beside)} />
    </section>
  );
}
