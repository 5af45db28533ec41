// The protocol and the engine share one declaration of every payload: these type checks fail to
// compile (tsc over the tests) if a payload the engine produces drifts from the event it lands in.
import { describe, expect, expectTypeOf, test } from 'vitest';
import type { EngineEvent, TechniqueReport } from '../../src/engine/protocol';
import type { Technique } from '../../src/engine/techniques/technique';
import type { TrainingSession } from '../../src/engine/training/session';
import {
  LOSS_TERMS,
  REPORT_KEYS,
  TECHNIQUE,
  TRAINING_TECHNIQUE_IDS,
  type LossTerm,
  type ReportingTechniqueId,
  type TrainingTechniqueId,
} from '../../src/settings/techniques';
import { parseEvent } from '../../src/engine/protocol';
import { defaultRecipe } from '../../src/settings/schema';
import { replayRun } from '../../src/store/history/run-record';

type EventOf<T extends EngineEvent['type']> = Extract<EngineEvent, { type: T }>;
type Payload<T extends EngineEvent['type']> = Omit<EventOf<T>, 'type' | 'step'>;
type Result<K extends keyof TrainingSession> = TrainingSession[K] extends () => Promise<infer R>
  ? R
  : never;

describe('engine payloads are the protocol payloads', () => {
  test('session reads land in their events unchanged', () => {
    expectTypeOf<Result<'layerStats'>>().toEqualTypeOf<EventOf<'layer-stats'>['layers']>();
    expectTypeOf<Result<'ptqSweep'>>().toEqualTypeOf<EventOf<'ptq'>['points']>();
    expectTypeOf<Result<'histograms'>['layers']>().toEqualTypeOf<
      EventOf<'layer-histograms'>['layers']
    >();
    expectTypeOf<Result<'histograms'>['layers'][number]>().toEqualTypeOf<Payload<'histogram'>>();
    expectTypeOf<NonNullable<Result<'weightTrace'>>>().toEqualTypeOf<Payload<'weight-trace'>>();
    expectTypeOf<Result<'techniqueReports'>>().toEqualTypeOf<TechniqueReport[]>();
  });

  test('technique ids and report keys are typed per technique', () => {
    expectTypeOf<Technique['id']>().toEqualTypeOf<TrainingTechniqueId>();
    expectTypeOf<EventOf<'technique-metrics'>['technique']>().toEqualTypeOf<ReportingTechniqueId>();
    type QatValues = Extract<TechniqueReport, { technique: 'qat' }>['layers'][number]['values'];
    expectTypeOf<keyof QatValues>().toEqualTypeOf<'weightStep' | 'inputStep' | 'inputOffset'>();
    type Terms = EventOf<'train-metrics'>['terms'];
    expectTypeOf<keyof Terms>().toEqualTypeOf<LossTerm>();
    type Window = Awaited<ReturnType<TrainingSession['readTrainWindow']>>;
    expectTypeOf<Window['terms']>().toEqualTypeOf<Terms>();
  });

  test('the reporting ids at run time are the type-level ones', () => {
    const reporting = TRAINING_TECHNIQUE_IDS.filter((id) => REPORT_KEYS[id].length > 0);
    expect(reporting).toEqual(['r2', 'qat', 'oscillation']);
    // The protocol takes a report of each of them.
    for (const id of reporting) {
      const values = { [REPORT_KEYS[id][0]!]: 1 };
      const event = {
        type: 'technique-metrics',
        step: 1,
        technique: id,
        layers: [{ name: 'c', values }],
      };
      expect(parseEvent(event)).toEqual(event);
    }
    // Every loss term but the task's belongs to exactly one technique.
    const owned = TRAINING_TECHNIQUE_IDS.flatMap((id) => TECHNIQUE[id].lossTerm ?? []);
    expect(['task', ...owned].sort()).toEqual([...LOSS_TERMS].sort());
  });

  test('a report key of another technique is refused on arrival', () => {
    const event = {
      type: 'technique-metrics',
      step: 1,
      technique: 'qat',
      layers: [{ name: 'conv1', values: { margin: 0.3 } }],
    };
    expect(() => parseEvent(event)).toThrowError(/Malformed engine event/);
    const qat = { ...event, layers: [{ name: 'conv1', values: { weightStep: 0.1 } }] };
    expect(parseEvent(qat)).toEqual(qat);
  });

  test('a run recorded with the old dampening term name is read with the new one', () => {
    const old = {
      type: 'train-metrics',
      step: 10,
      loss: 1,
      terms: { task: 0.9, oscillation: 0.1 },
      trainAccuracy: 0.5,
      stepsPerSecond: 3,
    };
    const read = parseEvent(old) as EventOf<'train-metrics'>;
    expect(read.terms).toEqual({ task: 0.9, dampening: 0.1 });
    // A run stored in IndexedDB is replayed without validation: the replay upgrades it too.
    const replayed = replayRun({ recipe: defaultRecipe(), events: [old as EngineEvent] });
    expect(replayed.terms.dampening?.value).toEqual([0.1]);
  });
});
