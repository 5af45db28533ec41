/** Evidence from the run's technique reports (LSQ+ offsets, oscillations): pure reads. */
import type { RunState, TechniqueEvent } from '../../store/run-state';
import { finiteMean, lastWhere, layers, missing, pct, small, type Evidence } from './evidence-text';

const NO_OSCILLATIONS =
  'This run has no oscillation report: tracking needs QAT with “Track oscillations” on.';

/** The last oscillation report of the run that names at least one layer, or null. */
function lastOscillationReport(run: RunState): TechniqueEvent<'oscillation'> | null {
  const reports = run.techniqueHistory.oscillation ?? [];
  return lastWhere(reports, (e) => e.layers.length > 0) ?? null;
}

/** The test accuracy of the run's last test read, as ", whose test accuracy is 90.3 %", or "". */
function testAccuracyClause(run: RunState): string {
  const last = run.testAccuracy.value.at(-1);
  return last === undefined ? '' : `, whose test accuracy is ${pct(last)}`;
}

/**
 * The LSQ+ input grids' learned offsets β at the last QAT report (range and mean over the layers
 * that learn one) and the last test accuracy; `value` is the mean β, in input units.
 */
export function lsqOffset(run: RunState): Evidence {
  const reports = run.techniqueHistory.qat ?? [];
  const last = lastWhere(reports, (e) => e.layers.some((l) => l.values.inputOffset !== undefined));
  const offsets = (last?.layers ?? [])
    .map((l) => l.values.inputOffset)
    .filter((b): b is number => b !== undefined && Number.isFinite(b));
  const mean = finiteMean(offsets);
  if (!last || mean === null) {
    return missing(
      'This run has no learned input offsets β: they need LSQ+ with quantized activations and a config that learns the offset.',
    );
  }
  const range = `${small(Math.min(...offsets))} to ${small(Math.max(...offsets))}`;
  return {
    text: `At step ${last.step} the learned offsets β of ${layers(offsets.length)} range from ${range} (mean ${small(mean)}) in this run${testAccuracyClause(run)}.`,
    value: mean,
  };
}

/**
 * The tracked layers' mean EMA oscillation frequency at the last report (mean over layers and
 * the highest layer); `value` is that mean, in flips per weight per step.
 */
export function oscillationFrequency(run: RunState): Evidence {
  const last = lastOscillationReport(run);
  const frequencies = (last?.layers ?? []).map((l) => l.values.frequency);
  const mean = finiteMean(frequencies);
  if (!last || mean === null) return missing(NO_OSCILLATIONS);
  const highest = Math.max(...frequencies.filter((f): f is number => f !== undefined));
  return {
    text: `At step ${last.step} the mean oscillation frequency over ${layers(last.layers.length)} is ${small(mean)} flips per step in this run (highest layer ${small(highest)}).`,
    value: mean,
  };
}

/**
 * The share of tracked weights frozen at the last report (mean over the tracked layers), beside
 * the highest layer's mean frequency and the run's final freezing threshold; `value` is the
 * share, in [0, 1].
 */
export function frozenShare(run: RunState): Evidence {
  const last = lastOscillationReport(run);
  const share = finiteMean((last?.layers ?? []).map((l) => l.values.frozen));
  if (!last || share === null) return missing(NO_OSCILLATIONS);
  const frequencies = last.layers.map((l) => l.values.frequency ?? Number.NaN);
  const highest = Math.max(...frequencies.filter(Number.isFinite));
  const threshold = run.recipe?.freezing === 'on' ? run.recipe.freezeThreshold : null;
  const against =
    threshold === null ? ' (freezing is off)' : `, against a threshold of ${threshold}`;
  const frequencyClause = Number.isFinite(highest)
    ? `; the layers’ mean frequencies reach at most ${small(highest)} flips per step${against}`
    : against;
  return {
    text: `At step ${last.step}, ${pct(share, 2)} of the tracked weights are frozen in this run (mean over ${layers(last.layers.length)})${frequencyClause}.`,
    value: share,
  };
}
