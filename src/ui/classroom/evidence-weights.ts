/** Evidence from the run's layer statistics (kurtosis, max|w|/std): pure reads of the run state. */
import type { RunState } from '../../store/run-state';
import { finiteMean, layers, missing, type Evidence } from './evidence-text';

type LayerStatsEvent = RunState['layerStatsHistory'][number];

/** The layer `name`'s kurtosis in `event`, or undefined when the event lacks the layer. */
const kurtosisOf = (event: LayerStatsEvent, name: string): number | undefined =>
  event.layers.find((l) => l.name === name)?.kurtosis;

/**
 * Layer `name`'s kurtosis at the first and the last layer-stats read that hold it; `value` is
 * the last kurtosis (3 for a Gaussian, 1.8 for a uniform).
 */
export function layerKurtosis(run: RunState, name: string): Evidence {
  const reads = run.layerStatsHistory.filter((e) => kurtosisOf(e, name) !== undefined);
  const first = reads[0];
  const last = reads.at(-1);
  if (!first || !last) {
    return missing(`This run has no layer statistics for ${name}, a layer of the small CNN.`);
  }
  const end = kurtosisOf(last, name)!;
  const tail = '(a Gaussian has 3, a uniform 1.8).';
  if (first === last) {
    return {
      text: `${name}’s kurtosis is ${end.toFixed(2)} at step ${last.step} ${tail}`,
      value: end,
    };
  }
  const start = kurtosisOf(first, name)!.toFixed(2);
  return {
    text: `${name}’s kurtosis went from ${start} at step ${first.step} to ${end.toFixed(2)} at step ${last.step} in this run ${tail}`,
    value: end,
  };
}

/**
 * max|w|/std of every weight layer at the last layer-stats read; `value` is their mean (a
 * uniform has √3 ≈ 1.73, a Gaussian sample of a thousand about 3.2).
 */
export function maxOverStd(run: RunState): Evidence {
  const last = run.layerStatsHistory.at(-1);
  const ratios = (last?.layers ?? [])
    .map((l) => ({ name: l.name, ratio: l.maxAbs / l.std }))
    .filter((r) => Number.isFinite(r.ratio));
  const mean = finiteMean(ratios.map((r) => r.ratio));
  if (!last || mean === null) return missing('This run has no layer statistics yet.');
  const each = ratios.map((r) => `${r.name} ${r.ratio.toFixed(2)}`).join(', ');
  return {
    text: `At step ${last.step} the mean max|w|/std over ${layers(ratios.length)} is ${mean.toFixed(2)} in this run (${each}).`,
    value: mean,
  };
}
