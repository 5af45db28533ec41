import { toyTimeAverage, type ToySimulationState } from '../../core/oscillation/toy-simulation';

/** Props of {@link ToyReadouts}. */
export interface ToyReadoutsProps {
  sim: ToySimulationState;
  /** Grid spacing s (q = s * wInt). */
  scale: number;
  /** Target w*, shown next to the time average of q. */
  wStar: number;
}

const fixed = (v: number, digits: number) => (Number.isFinite(v) ? v.toFixed(digits) : '–');

/**
 * The toy's numbers after the latest step: step, latent w, q(w), flips counted, EMA frequency f,
 * frozen or not, the EMA of the integer that freezing rounds (methods.md 5.4) and the time average
 * of q next to w*.
 */
export function ToyReadouts({ sim, scale, wStar }: ToyReadoutsProps) {
  const rows: [string, string, string][] = [
    ['step', 'Step', String(sim.step)],
    ['latent', 'Latent w', fixed(sim.w, 4)],
    ['quantized', 'Quantized q(w)', fixed(scale * sim.wInt, 4)],
    ['flips', 'Flips counted', String(sim.osc.count)],
    ['frequency', 'EMA frequency f', fixed(sim.osc.frequency, 4)],
    ['frozen', 'Frozen', sim.frozen ? `yes, at ${fixed(scale * sim.frozenInt, 4)}` : 'no'],
    ['ema', 'EMA of w_int', sim.emaInt === null ? 'not started' : fixed(sim.emaInt, 3)],
    ['average', 'Average q so far', `${fixed(toyTimeAverage(sim), 4)} (w* = ${fixed(wStar, 2)})`],
  ];
  return (
    <dl className="toy-readouts">
      {rows.map(([key, label, value]) => (
        <div key={key} className="toy-readout">
          <dt>{label}</dt>
          <dd data-testid={`toy-${key}`}>{value}</dd>
        </div>
      ))}
    </dl>
  );
}
