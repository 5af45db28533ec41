// The PTQ quantizer (settings/ptq-quantizer.ts): resolution from a recipe, labels, overrides on
// the wire, and 'ptq' events stored before the quantizer was recorded.
import { describe, expect, expectTypeOf, test } from 'vitest';
import {
  parseCommand,
  parseEvent,
  ptqQuantizerSchema as fromProtocol,
  upgradeEvent,
  type EngineEvent,
} from '../../src/engine/protocol';
import {
  isRecipeQuantizer,
  parsePtqOverrides,
  ptqQuantizerLabel,
  ptqQuantizerOf,
  ptqQuantizerSchema,
  type PtqQuantizer,
} from '../../src/settings/ptq-quantizer';
import { defaultRecipe, SETTINGS, type Recipe } from '../../src/settings/schema';
import { parseRunFile, serializeRun } from '../../src/store/export/run-file';
import { replayRun } from '../../src/store/history/run-record';
import { RECIPE, sampleRecord } from './history/fixtures';

const recipe: Recipe = {
  ...defaultRecipe(),
  ptqGranularity: 'per-tensor',
  ptqRange: 'min-max',
  ptqActBits: '8',
};

describe('PTQ quantizer resolution', () => {
  test("the recipe's settings, BN folded, steps as calibrated; overrides replace single fields", () => {
    expect(ptqQuantizerOf(recipe)).toEqual({
      scheme: 'symmetric',
      granularity: 'per-tensor',
      range: 'min-max',
      actBits: '8',
      fold: true,
      stepScale: 1,
      firstLast8: false,
    });
    expect(ptqQuantizerOf(recipe, { granularity: 'per-channel', stepScale: 2 })).toMatchObject({
      granularity: 'per-channel',
      range: 'min-max',
      stepScale: 2,
    });
  });

  test('the enums are the settings table options, and the types are the recipe types', () => {
    // As sets: zod lists integer-like values ('8') first.
    const values = (s: { options: readonly { value: string }[] }) =>
      s.options.map((o) => o.value).sort();
    const shape = ptqQuantizerSchema.shape;
    expect([...shape.scheme.options].sort()).toEqual(values(SETTINGS.ptqScheme));
    expect([...shape.granularity.options].sort()).toEqual(values(SETTINGS.ptqGranularity));
    expect([...shape.range.options].sort()).toEqual(values(SETTINGS.ptqRange));
    expect([...shape.actBits.options].sort()).toEqual(values(SETTINGS.ptqActBits));
    expect(fromProtocol).toBe(ptqQuantizerSchema);
    expectTypeOf<PtqQuantizer['actBits']>().toEqualTypeOf<Recipe['ptqActBits']>();
    expectTypeOf<PtqQuantizer['granularity']>().toEqualTypeOf<Recipe['ptqGranularity']>();
  });

  test('labels name granularity and range, and the rest only where not default', () => {
    expect(ptqQuantizerLabel(ptqQuantizerOf(defaultRecipe()))).toBe('per-channel MSE');
    expect(ptqQuantizerLabel(ptqQuantizerOf(recipe))).toBe('per-tensor min-max A8');
    const all = ptqQuantizerOf(defaultRecipe(), {
      scheme: 'asymmetric',
      actBits: '4',
      fold: false,
      stepScale: 1.5,
    });
    expect(ptqQuantizerLabel(all)).toBe('per-channel MSE asym A4 unfolded ×1.5');
    const edges = ptqQuantizerOf({ ...defaultRecipe(), firstLast8: 'on' });
    expect(edges.firstLast8).toBe(true);
    expect(ptqQuantizerLabel(edges)).toBe('per-channel MSE first/last 8-bit');
  });

  test('distinct quantizers get distinct labels (the store keys curves by them)', () => {
    const labels = new Set<string>();
    let count = 0;
    for (const scheme of SETTINGS.ptqScheme.options)
      for (const granularity of SETTINGS.ptqGranularity.options)
        for (const range of SETTINGS.ptqRange.options)
          for (const actBits of SETTINGS.ptqActBits.options)
            for (const fold of [true, false])
              for (const stepScale of [1, 0.5, 1.5])
                for (const firstLast8 of [true, false]) {
                  const q: PtqQuantizer = {
                    scheme: scheme.value,
                    granularity: granularity.value,
                    range: range.value,
                    actBits: actBits.value,
                    fold,
                    stepScale,
                    firstLast8,
                  };
                  labels.add(ptqQuantizerLabel(q));
                  count++;
                }
    expect(labels.size).toBe(count);
  });

  test('the recipe quantizer is recognised; any override makes another', () => {
    expect(isRecipeQuantizer(ptqQuantizerOf(recipe), recipe)).toBe(true);
    expect(isRecipeQuantizer(ptqQuantizerOf(recipe, { fold: false }), recipe)).toBe(false);
    expect(isRecipeQuantizer(ptqQuantizerOf(recipe, { stepScale: 1 }), recipe)).toBe(true);
  });
});

describe('PTQ overrides on the wire', () => {
  test('a partial quantizer passes; bad values and unknown keys are named', () => {
    expect(parsePtqOverrides(undefined)).toEqual({ ok: true, overrides: {} });
    expect(parsePtqOverrides({ range: 'min-max' })).toEqual({
      ok: true,
      overrides: { range: 'min-max' },
    });
    const problem = (value: unknown) => {
      const r = parsePtqOverrides(value);
      return r.ok ? null : r.message;
    };
    expect(problem({ stepScale: 0 })).toMatch(/^quantizer\.stepScale: /);
    expect(problem({ stepScale: 16.5 })).toMatch(/^quantizer\.stepScale: /);
    expect(problem({ stepScale: Number.NaN })).toMatch(/^quantizer\.stepScale: /);
    expect(problem({ actBits: '3' })).toMatch(/^quantizer\.actBits: /);
    expect(problem({ folding: true })).toMatch(/folding/);
    expect(problem('per-tensor')).toMatch(/^quantizer: /);
  });

  test('the ptq command carries overrides; the event carries the resolved quantizer', () => {
    const command = { type: 'ptq', quantizer: { granularity: 'per-tensor', stepScale: 4 } };
    expect(parseCommand(structuredClone(command))).toEqual(command);
    expect(parseCommand({ type: 'ptq' })).toEqual({ type: 'ptq' });
    expect(() => parseCommand({ type: 'ptq', quantizer: { stepScale: -1 } })).toThrowError(
      /Malformed engine command at quantizer\.stepScale/,
    );
    const event = { ...oldEvent(), quantizer: ptqQuantizerOf(recipe), images: 500 };
    expect(parseEvent(structuredClone(event))).toEqual(event);
    // Live events always name their quantizer: only stored runs may lack it.
    expect(() => parseEvent({ ...oldEvent(), images: 500 })).toThrowError(/at quantizer/);
    expect(() => parseEvent({ ...event, images: undefined })).toThrowError(/at images/);
  });
});

/** A 'ptq' event as recorded before the quantizer was added to it. */
function oldEvent() {
  return {
    type: 'ptq' as const,
    step: 40,
    method: 'per-channel symmetric, MSE range search (K = 100), BN folded, biases FP32',
    fpAccuracy: 0.9,
    points: [{ bits: 4, label: 'W4A32', accuracy: 0.8, loss: 0.7 }],
  };
}

describe("stored 'ptq' events without a quantizer", () => {
  test("upgradeEvent fills in the run recipe's quantizer and image count, keeps recorded ones", () => {
    expect(upgradeEvent(oldEvent(), recipe)).toEqual({
      ...oldEvent(),
      quantizer: ptqQuantizerOf(recipe),
      images: recipe.testExamples,
    });
    const recorded = {
      ...oldEvent(),
      quantizer: ptqQuantizerOf(recipe, { fold: false }),
      images: 500,
    };
    expect(upgradeEvent(recorded, defaultRecipe())).toEqual(recorded);
  });

  test('a stored run (IndexedDB) replays with the quantizer filled in', () => {
    const events = [oldEvent() as unknown as EngineEvent];
    const state = replayRun({ recipe, events });
    expect(state.ptq?.quantizer).toEqual(ptqQuantizerOf(recipe));
    expect(state.ptqCurves).toHaveLength(1);
    expect(state.ptqHistory).toHaveLength(1);
  });

  test('a run file from before still imports, its sweep under the file recipe quantizer', () => {
    const record = sampleRecord();
    const file = JSON.parse(serializeRun(record)) as { events: Record<string, unknown>[] };
    const ptq = file.events.find((e) => e.type === 'ptq')!;
    delete ptq.quantizer;
    const result = parseRunFile(JSON.stringify(file));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.run.events).toEqual(record.events);
    const read = result.run.events.find((e) => e.type === 'ptq');
    expect(read?.type === 'ptq' && read.quantizer).toEqual(ptqQuantizerOf(RECIPE));
  });
});
