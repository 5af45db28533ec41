/** Evidence from the run's accuracies (PTQ sweep, BN re-estimation): pure reads. */
import type { RunState } from '../../store/run-state';
import { missing, pct, pp, type Evidence } from './evidence-text';

/** The weight bit widths the PTQ evidence names, widest first (the rest only lengthen it). */
const SHOWN_BITS: readonly number[] = [8, 4, 3, 2];

/**
 * The last PTQ sweep with the run's own quantizer (else the latest of any): float accuracy and
 * W8/W4/W3/W2 (every swept width when none of those was swept); `value` is the test accuracy at
 * the fewest bits shown, in [0, 1].
 */
export function ptqCurve(run: RunState): Evidence {
  const sweep = run.ptqHistory.at(-1) ?? run.ptq;
  if (!sweep || sweep.points.length === 0) {
    return missing(
      'This run has no PTQ sweep: switch on “PTQ sweep when training ends”, or re-quantize the finished run.',
    );
  }
  const byBits = [...sweep.points].sort((a, b) => b.bits - a.bits);
  const named = byBits.filter((p) => SHOWN_BITS.includes(p.bits));
  const shown = named.length > 0 ? named : byBits;
  const each = shown.map((p) => `W${p.bits} ${pct(p.accuracy)}`).join(', ');
  return {
    text: `After step ${sweep.step}: float ${pct(sweep.fpAccuracy)}; after PTQ ${each} in this run.`,
    value: shown.at(-1)!.accuracy,
  };
}

/**
 * Test accuracy before and after the run's BN re-estimation; `value` is after − before, a
 * difference of shares in [−1, 1].
 */
export function bnGain(run: RunState): Evidence {
  const bn = run.bnReestimate;
  if (!bn) {
    return missing(
      'This run has no BN re-estimation: switch on “Re-estimate BN statistics when training ends” and train again.',
    );
  }
  const gain = bn.after - bn.before;
  return {
    text: `BN re-estimation after step ${bn.step}: test accuracy ${pct(bn.before)} before, ${pct(bn.after)} after (${pp(gain)}) in this run.`,
    value: gain,
  };
}
