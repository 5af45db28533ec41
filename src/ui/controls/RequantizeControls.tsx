import { useId, useState } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ptqQuantizerLabel, ptqQuantizerOf, type PtqQuantizer } from '../../settings/ptq-quantizer';
import { useLab } from '../../store/lab-store';
import { hasExtraCurves } from '../../store/ptq-curves';
import type { RunState } from '../../store/run-state';
import { useEngineCommands } from '../engine-context';
import { QuantizerFields } from './QuantizerFields';
import { newRejection, parseStepScale, requantizeBlockedReason } from './requantize-state';
import './requantize.css';

/** Each run's error when the button was last pressed (to tell a refusal of that press). */
type ErrorsAtClick = { a: RunState['error']; b: RunState['error'] };

/**
 * "Re-quantize the trained weights": a PTQ sweep of run A (and twin B, with the same quantizer)
 * with another quantizer, drawn as one more curve in the PTQ chart. Fields left alone follow run
 * A's recipe quantizer. The button stays focusable while blocked and says why (the engine's own
 * rule); a refusal from the engine shows here too.
 */
export function RequantizeControls() {
  const headingId = useId();
  const whyId = useId();
  const commands = useEngineCommands();
  // Fields the user set; the others follow the quantizer of run A's recipe (or of recipe A).
  const [touched, setTouched] = useState<Partial<PtqQuantizer>>({});
  const base = useLab(useShallow((s) => ptqQuantizerOf(s.run.recipe ?? s.recipe)));
  const draft = { ...base, ...touched };
  const [stepText, setStepText] = useState('1');
  const [atClick, setAtClick] = useState<ErrorsAtClick | undefined>(undefined);
  const blocked = useLab((s) => requantizeBlockedReason(s.run));
  const errorA = useLab((s) => s.run.error);
  const errorB = useLab((s) => (s.twin.on ? s.runB.error : null));
  const extra = useLab(
    (s) => hasExtraCurves(s.run, s.run.recipe) || hasExtraCurves(s.runB, s.runB.recipe),
  );
  const clearCurves = useLab((s) => s.clearPtqCurves);
  const step = parseStepScale(stepText);
  const quantizer = { ...draft, stepScale: step.ok ? step.value : draft.stepScale };
  const reason = blocked ?? (step.ok ? null : step.message);
  const rejections = [newRejection(errorA, atClick?.a), newRejection(errorB, atClick?.b)];
  const send = () => {
    if (reason !== null) return;
    setAtClick({ a: errorA, b: errorB });
    commands?.runPtq(quantizer);
  };
  return (
    <section className="requantize" aria-labelledby={headingId}>
      <h4 id={headingId}>Re-quantize the trained weights</h4>
      <QuantizerFields
        draft={draft}
        onChange={(patch) => setTouched((t) => ({ ...t, ...patch }))}
        stepText={stepText}
        onStepText={setStepText}
        stepValid={step.ok}
      />
      <div className="requantize-actions">
        <button
          type="button"
          data-testid="requantize"
          aria-disabled={reason !== null || undefined}
          aria-describedby={reason !== null ? whyId : undefined}
          onClick={send}
        >
          Re-quantize: {ptqQuantizerLabel(quantizer)}
        </button>
        <button type="button" onClick={clearCurves} disabled={!extra}>
          Clear extra curves
        </button>
      </div>
      {reason !== null ? (
        <p id={whyId} className="hint-muted" data-testid="requantize-why">
          {reason}
        </p>
      ) : null}
      <div aria-live="polite">
        {rejections.map((message, i) =>
          message ? (
            <p key={i} className="requantize-rejected" data-testid="requantize-rejected">
              {i === 0 ? message : `Twin B: ${message}`}
            </p>
          ) : null,
        )}
      </div>
    </section>
  );
}
