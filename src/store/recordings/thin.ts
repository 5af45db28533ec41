/**
 * The one thinning rule of a preset's recording (`npm run record-presets`): which engine events a
 * recording keeps and how precisely it keeps their numbers. Pure, no Node and no DOM, so the
 * script and the tests share it.
 *
 * The rule, by event type:
 * - every `phase`, `stage`, `backend`, `dataset`, `ptq`, `bn-reestimated` and `error` event;
 * - cadence events (`train-metrics` with its memory, `test-metrics`, `layer-stats`, each
 *   technique's `technique-metrics`, `histogram`, the inspector's `layer-sqnr` and
 *   `layer-outliers` at the histograms' stride) whose run step is a multiple of their series'
 *   stride, and the last event of each series;
 * - `weight-trace` chunks only in the last {@link WEIGHT_TRACE_ROWS} steps of the full run (the
 *   rows the raster shows at the end; thinning a trace by step would hide its flips);
 * - nothing outside a run's events (`weights`);
 * - every non-integer number rounded to {@link SIGNIFICANT_DIGITS} significant digits.
 *
 * A series' stride is a multiple of its cadence (`metricsEvery`, or `evalEvery` for the test
 * metrics and histograms, which come with the evaluations), chosen from the preset's full run
 * length so the series keeps at most {@link MAX_POINTS} points ({@link MAX_HISTOGRAMS} for
 * histograms). Because the stride depends on the preset and not on where the recording stopped,
 * a recording of a run's first N steps equals the full recording's events before step N (the
 * last-of-series extras aside, which sit at the prefix's end): test/integration/recordings.test.ts
 * holds the stored files to the engine that way.
 */
import type { EngineEvent } from '../../engine/protocol';
import { runSteps } from '../../settings/pretrain';
import type { Recipe } from '../../settings/schema';
import { isRunEvent } from '../history/run-record';
import { WEIGHT_TRACE_ROWS } from '../run-state';

/** Most points a cadence series keeps (train loss, accuracy, layer statistics, reports…). */
export const MAX_POINTS = 120;
/** Most histograms kept: the lab shows only the latest, so a few suffice for a replay. */
export const MAX_HISTOGRAMS = 12;
/** Significant digits kept of every non-integer number. */
export const SIGNIFICANT_DIGITS = 4;

/** The thinning of one preset's recording, all in run steps; stored in the recording's header. */
export interface ThinRule {
  /** Steps between kept train metrics, layer statistics and technique reports. */
  metricsStride: number;
  /** Steps between kept test metrics. */
  testStride: number;
  /** Steps between kept histograms. */
  histogramStride: number;
  /** Weight-trace chunks are kept when their step is above this run step. */
  traceAfter: number;
  /** Significant digits of non-integer numbers. */
  digits: number;
}

/** Smallest multiple of `cadence` that leaves at most `points` events in `total` steps. */
function strideFor(total: number, cadence: number, points: number): number {
  return cadence * Math.max(1, Math.ceil(total / (cadence * points)));
}

/** The rule for a recording of `recipe`: strides from the full run's length (both stages). */
export function thinRule(recipe: Recipe): ThinRule {
  const total = runSteps(recipe);
  return {
    metricsStride: strideFor(total, recipe.metricsEvery, MAX_POINTS),
    testStride: strideFor(total, recipe.evalEvery, MAX_POINTS),
    histogramStride: strideFor(total, recipe.evalEvery, MAX_HISTOGRAMS),
    traceAfter: Math.max(0, total - WEIGHT_TRACE_ROWS),
    digits: SIGNIFICANT_DIGITS,
  };
}

/** A cadence event's series (one per event type, and per technique), its stride and step. */
interface Series {
  key: string;
  stride: number;
  step: number;
}

/** The series a cadence event belongs to and its stride, or null for an event always kept. */
function seriesOf(event: EngineEvent, rule: ThinRule): Series | null {
  switch (event.type) {
    case 'train-metrics':
    case 'layer-stats':
      return { key: event.type, stride: rule.metricsStride, step: event.step };
    case 'technique-metrics':
      return { key: `technique:${event.technique}`, stride: rule.metricsStride, step: event.step };
    case 'test-metrics':
      return { key: event.type, stride: rule.testStride, step: event.step };
    case 'histogram':
    case 'layer-histograms': // the inspector's timeline: one snapshot per kept evaluation
    case 'layer-sqnr': // the inspector shows the latest, like the histogram
    case 'layer-outliers':
      return { key: event.type, stride: rule.histogramStride, step: event.step };
    default:
      return null;
  }
}

/** Whether the rule keeps `event`, given whether it is the last of its series. */
function kept(event: EngineEvent, rule: ThinRule, last: boolean): boolean {
  if (!isRunEvent(event) || event.type === 'weights') return false;
  if (event.type === 'weight-trace') return event.step > rule.traceAfter;
  const series = seriesOf(event, rule);
  return series === null || last || series.step % series.stride === 0;
}

/** Index of the last event of each cadence series in `events`. */
function lastOfSeries(events: readonly EngineEvent[], rule: ThinRule): ReadonlySet<number> {
  const last = new Map<string, number>();
  events.forEach((event, i) => {
    const series = seriesOf(event, rule);
    if (series) last.set(series.key, i);
  });
  return new Set(last.values());
}

/** `value` with every non-integer number rounded to `digits` significant digits. */
export function roundNumbers<T>(value: T, digits: number): T {
  if (typeof value === 'number') {
    return (
      Number.isInteger(value) || !Number.isFinite(value) ? value : Number(value.toPrecision(digits))
    ) as T;
  }
  if (Array.isArray(value)) return value.map((v: unknown) => roundNumbers(v, digits)) as T;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, roundNumbers(v, digits)]);
    return Object.fromEntries(entries) as T;
  }
  return value;
}

/** The events of a run as its recording keeps them, in order ({@link thinRule} says which). */
export function thinEvents(events: readonly EngineEvent[], rule: ThinRule): EngineEvent[] {
  const last = lastOfSeries(events, rule);
  return events
    .filter((event, i) => kept(event, rule, last.has(i)))
    .map((event) => roundNumbers(event, rule.digits));
}
