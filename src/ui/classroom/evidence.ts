/**
 * The evidence a finished run shows for a classroom question (`settings/preset-questions.ts`):
 * one sentence with this run's numbers, read from the run state only. Pure.
 */
import type { EvidenceId } from '../../settings/preset-questions';
import type { RunState } from '../../store/run-state';
import { bnGain, ptqCurve } from './evidence-accuracy';
import { frozenShare, lsqOffset, oscillationFrequency } from './evidence-techniques';
import type { Evidence } from './evidence-text';
import { layerKurtosis, maxOverStd } from './evidence-weights';

export type { Evidence } from './evidence-text';

/** The layer whose kurtosis `conv2-kurtosis` reads: the small CNN's one KURE-regularised conv. */
const KURE_LAYER = 'conv2';

/**
 * One reader per evidence id; `value` is, by id: `ptq-curve` the accuracy at the fewest bits
 * shown and `frozen-share` the frozen share (both in [0, 1]), `conv2-kurtosis` the last
 * kurtosis, `max-over-std` the mean max|w|/std over the layers, `lsq-offset` the mean learned β
 * (input units), `oscillation-frequency` the mean frequency (flips per step), `bn-gain` the
 * accuracy after minus before BN re-estimation.
 */
const READERS: Record<EvidenceId, (run: RunState) => Evidence> = {
  'ptq-curve': ptqCurve,
  'conv2-kurtosis': (run) => layerKurtosis(run, KURE_LAYER),
  'max-over-std': maxOverStd,
  'lsq-offset': lsqOffset,
  'oscillation-frequency': oscillationFrequency,
  'frozen-share': frozenShare,
  'bn-gain': bnGain,
};

/**
 * The measured evidence `id` in `run` (meant for a finished run): a sentence with its numbers and
 * the headline value, or, when the run lacks the data, value null and a text saying what is
 * missing.
 */
export function evidenceFor(id: EvidenceId, run: RunState): Evidence {
  return READERS[id](run);
}
