import { useEffect, useMemo, useRef, useState } from 'react';
import { BIT_WIDTHS } from '../../core/quant/bits';
import { mixedPrecisionHint } from '../../core/metrics/mixed-precision';
import { useLab } from '../../store/lab-store';
import type { RunState } from '../../store/run-state';
import { Plot } from '../charts/Plot';
import { useEngineCommands } from '../engine-context';
import { IDLE_RUN_HINT, selectIdleRun } from '../controls/idle-run';
import { sensitivityFigure } from './sensitivity-figure';

const DEFAULT_BITS = 4;
/** Accuracy the layers left at the low width may cost together, in percentage points. */
const DEFAULT_BUDGET_PP = 1;

/**
 * Per-layer sensitivity: on demand, and at the end of a run while the inspector is open
 * (`active`), the accuracy with only one layer quantized, as bars against the float model and all
 * layers quantized; then a mixed-precision hint, which "Apply" runs as a PTQ sweep.
 */
export function SensitivityPanel({ open, active }: { open: string | null; active: boolean }) {
  const commands = useEngineCommands();
  const idleRun = useLab(selectIdleRun);
  const event = useLab((s) => s.run.layerSensitivity);
  const progress = useLab((s) => s.run.sensitivityProgress);
  const finishedAt = useLab((s) => (s.run.phase === 'finished' ? s.run.step : null));
  const [bits, setBits] = useState(DEFAULT_BITS);
  const [budget, setBudget] = useState(DEFAULT_BUDGET_PP);
  const measure = () => commands?.measureSensitivity(bits);
  const stale = event === null || (finishedAt !== null && event.step < finishedAt);
  useMeasureAtEnd(active && finishedAt !== null && stale, measure);
  const figure = useMemo(() => (event ? sensitivityFigure(event, open) : null), [event, open]);
  const hint = event ? mixedPrecisionHint(event.fpAccuracy, event.layers, budget / 100) : null;
  return (
    <section className="sensitivity-panel" aria-label="Per-layer sensitivity">
      <h3>Per-layer sensitivity</h3>
      <div className="sensitivity-controls">
        <label>
          Weight bits{' '}
          <select value={bits} onChange={(e) => setBits(Number(e.target.value))}>
            {BIT_WIDTHS.map((w) => (
              <option key={w} value={w}>
                W{w}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          onClick={measure}
          disabled={!idleRun || progress !== null}
          title={idleRun ? undefined : IDLE_RUN_HINT}
        >
          Measure sensitivity
        </button>
      </div>
      {progress && <MeasuringLine progress={progress} />}
      {event ? (
        <>
          <p className="hint-muted" data-testid="sensitivity-caption">
            Step {event.step}, W{event.bits}, on {event.images.toLocaleString('en-US')} test images;
            only one layer quantized at a time ({event.method}).
          </p>
          {figure && (
            <Plot
              testId="inspector-sensitivity"
              figure={figure}
              empty="No sensitivity yet."
              size="short"
            />
          )}
          <div className="sensitivity-hint" data-testid="sensitivity-hint">
            <label>
              Accuracy budget (pp){' '}
              <input
                type="number"
                min={0}
                max={100}
                step={0.5}
                value={budget}
                onChange={(e) => setBudget(Math.max(0, Number(e.target.value) || 0))}
              />
            </label>{' '}
            {hint!.keep.length === 0 ? (
              <span>Every layer fits the budget at W{event.bits}: no layer needs 8 bit.</span>
            ) : (
              <span>
                Keep <strong>{hint!.keep.join(', ')}</strong> at 8 bit: the single-layer drops left
                add up to {(100 * hint!.estimatedDrop).toFixed(1)} pp (an estimate; the sweep
                measures it).
              </span>
            )}{' '}
            <button
              type="button"
              disabled={!idleRun || hint!.keep.length === 0}
              onClick={() => commands?.runPtq({ keep8: hint!.keep })}
            >
              Apply to the PTQ sweep
            </button>
          </div>
        </>
      ) : (
        <p className="hint-muted" data-testid="sensitivity-caption">
          Measures test accuracy with only one layer quantized, for each layer in turn. Pause or
          finish a run, then press Measure; it also runs when a run finishes with this panel open.
        </p>
      )}
    </section>
  );
}

/** The measurement under way: a progress bar and what it is doing (timing, then pass k of n). */
function MeasuringLine({ progress }: { progress: NonNullable<RunState['sensitivityProgress']> }) {
  const { done, total, images } = progress;
  const on = `${images.toLocaleString('en-US')} test images`;
  const text =
    done === 0
      ? `Timing this backend on ${on}…`
      : `Pass ${Math.min(done + 1, total)} of ${total} on ${on} (float, each layer, all layers)…`;
  return (
    <p className="sensitivity-progress" data-testid="sensitivity-progress" aria-live="polite">
      <progress value={done} max={total} aria-label="Sensitivity passes done" /> {text}
    </p>
  );
}

/** Call `measure` once each time `due` turns true (a run just finished with the panel open). */
function useMeasureAtEnd(due: boolean, measure: () => void): void {
  const latest = useRef(measure);
  useEffect(() => {
    latest.current = measure;
  });
  useEffect(() => {
    if (due) latest.current();
  }, [due]);
}
