/**
 * What a finished run leaves behind: the numbers paper-check's claims and a sweep's metrics read,
 * reduced from the engine's events (the same events the lab plots and `npm run train` writes).
 */
import type { EngineEvent } from '../engine/protocol';
import type { Recipe } from '../settings/schema';

/** Accuracy of a PTQ sweep: float accuracy and accuracy per weight bit width. */
export interface SweepRecord {
  fpAccuracy: number;
  points: { bits: number; accuracy: number }[];
}

/** One tracked layer's oscillations at the end of the run. */
export interface OscillationRecord {
  name: string;
  /** Mean EMA frequency at the end. */
  frequency: number;
  /** Oscillation events per weight per step over the last quarter of the (fine-tune) steps. */
  lateRate: number;
  /** Share of weights frozen at the end. */
  frozen: number;
}

export interface RunSummary {
  /** Test accuracy of the final evaluation (after BN re-estimation when that is on). */
  testAccuracy: number;
  /** The recipe's own end-of-run PTQ sweep, if it has one. */
  ptq: SweepRecord | null;
  /** The extra sweeps asked for by id (another quantizer on the same final weights). */
  sweeps: Record<string, SweepRecord>;
  /** Last kernel statistics per weight layer, in forward order. */
  layers: { name: string; kind: string; kurtosis: number; maxAbs: number; std: number }[];
  /** Per tracked (<= 4-bit) layer. */
  oscillation: OscillationRecord[];
  /** End-of-run BN re-estimation: test accuracy before and after. */
  bn: { before: number; after: number } | null;
  /** The divergence message, when the run diverged (its accuracy is then NaN). */
  diverged: string | null;
  /** Total loss and each loss term of the last metrics read (absent in records made before). */
  loss?: { total: number; terms: Record<string, number> };
}

export type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;

const ofType = <T extends EngineEvent['type']>(events: readonly EngineEvent[], type: T) =>
  events.filter((e): e is EventOf<T> => e.type === type);

/** Share of the (fine-tune) steps after which oscillation events are counted. */
export const LATE_WINDOW_START = 0.75;

/**
 * Oscillation events per weight per step over the last quarter of the run's own steps (a
 * two-stage run's steps start after its pretraining): the difference of the cumulative per-weight
 * event counts of the last report and the first report at or after 75 % of the steps.
 */
function oscillations(events: readonly EngineEvent[], recipe: Recipe): OscillationRecord[] {
  const reports = ofType(events, 'technique-metrics').flatMap((e) =>
    e.technique === 'oscillation' ? [e] : [],
  );
  const end = reports.at(-1);
  const from = recipe.pretrainSteps + LATE_WINDOW_START * recipe.steps;
  const start = reports.find((e) => e.step >= from);
  if (!end) return [];
  return end.layers.map((layer) => {
    const before = start?.layers.find((l) => l.name === layer.name)?.values.events ?? NaN;
    const steps = start ? end.step - start.step : NaN;
    return {
      name: layer.name,
      frequency: layer.values.frequency ?? NaN,
      lateRate: steps > 0 ? ((layer.values.events ?? NaN) - before) / steps : NaN,
      frozen: layer.values.frozen ?? NaN,
    };
  });
}

/** A PTQ event's numbers. */
export const sweepRecord = (e: EventOf<'ptq'>): SweepRecord => ({
  fpAccuracy: e.fpAccuracy,
  points: e.points.map(({ bits, accuracy }) => ({ bits, accuracy })),
});

/** Reduce a run's events to a record; `sweeps`: the extra sweeps' events by id. */
export function summarizeRun(
  events: readonly EngineEvent[],
  recipe: Recipe,
  sweeps: ReadonlyMap<string, EventOf<'ptq'>> = new Map(),
): RunSummary {
  const diverged = ofType(events, 'error').filter((e) => e.kind === 'diverged');
  const ptq = ofType(events, 'ptq').at(-1);
  const bn = ofType(events, 'bn-reestimated').at(-1);
  const accuracy = ofType(events, 'test-metrics').at(-1)?.testAccuracy ?? NaN;
  const last = ofType(events, 'train-metrics').at(-1);
  return {
    testAccuracy: diverged.length ? NaN : accuracy,
    ptq: ptq ? sweepRecord(ptq) : null,
    sweeps: Object.fromEntries([...sweeps].map(([id, e]) => [id, sweepRecord(e)])),
    layers: ofType(events, 'layer-stats').at(-1)?.layers ?? [],
    oscillation: oscillations(events, recipe),
    bn: bn ? { before: bn.before, after: bn.after } : null,
    diverged: diverged[0]?.message ?? null,
    ...(last ? { loss: { total: last.loss, terms: { ...last.terms } } } : {}),
  };
}
