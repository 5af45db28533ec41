/**
 * Short runs of every preset (and a few recipes that cover what the presets leave out) whose
 * engine event streams are kept in test/fixtures/recorded-streams.json, so a refactor that is
 * meant to change no behaviour can prove it did not. Regenerate deliberately with
 * `UPDATE_STREAMS=1 npx vitest run --project integration recorded-streams`.
 */
import { createHash } from 'node:crypto';
import { PRESETS, presetRecipe } from '../../src/settings/presets';
import { defaultRecipe, type Recipe } from '../../src/settings/schema';
import { recordingEngine } from './node-engine';

/** What every recorded run shares: a few steps, reads every other step, PTQ at the end. */
const SHORT: Partial<Recipe> = {
  backend: 'cpu',
  steps: 6,
  batchSize: 16,
  metricsEvery: 2,
  evalEvery: 6,
  testExamples: 100,
  ptqAtEnd: 'on',
  ptqEvery: 0,
};

/** Recipes the presets do not reach: the other R2 variants, LSQ+ recipes, PTQ options. */
const EXTRAS: Record<string, Partial<Recipe>> = {
  'r2-linf': { r2: 'linf', r2Weight: 0.05 },
  'r2-soft-min-max': { r2: 'soft-min-max', r2Weight: 0.05, kure: 'on', kureLayers: 'all' },
  'lsq-plus-signed-a4': {
    model: 'resnet-tiny',
    qat: 'lsq+',
    aBits: '4',
    lsqPlusConfig: 'signed-symmetric',
    dampening: 1,
    freezing: 'on',
    optimizer: 'momentum',
    lrSchedule: 'step',
  },
  'lsq-a3-first-last': { qat: 'lsq', wBits: 2, aBits: '3', firstLast8: 'on', histLayer: 0 },
  'ptq-acts-per-tensor': {
    ptqActBits: '4',
    ptqScheme: 'asymmetric',
    ptqGranularity: 'per-tensor',
    ptqRange: 'min-max',
    firstLast8: 'on',
  },
};

/** Every recorded recipe by name: presets by id, then the extras. */
export function recordedRecipes(): Record<string, Recipe> {
  const out: Record<string, Recipe> = {};
  for (const preset of PRESETS) {
    const recipe = presetRecipe(preset);
    // A two-stage preset keeps both stages, its float pretraining cut short too.
    out[preset.id] = { ...recipe, ...SHORT, pretrainSteps: Math.min(recipe.pretrainSteps, 4) };
  }
  for (const [name, overrides] of Object.entries(EXTRAS)) {
    out[name] = { ...defaultRecipe(), ...overrides, ...SHORT };
  }
  return out;
}

/**
 * The run's events, then a PTQ sweep and a 4-bit weight export on the finished run, without what
 * depends on the machine or the clock (steps per second, tensor counts); the exported weights are
 * kept as a digest (they would make the fixture megabytes).
 */
export async function recordStream(recipe: Recipe): Promise<unknown[]> {
  const { engine, events, until } = recordingEngine();
  const done = until(['finished', 'failed']);
  await engine.handle({ type: 'start', recipe: recipe });
  await done;
  await engine.handle({ type: 'ptq' });
  await engine.handle({ type: 'export-weights', bits: 4 });
  await engine.destroy();
  return events.map((event) => {
    if (event.type === 'train-metrics') return { ...event, stepsPerSecond: 0, memory: undefined };
    if (event.type === 'weights') return { type: 'weights', digest: digest(event) };
    return event;
  });
}

const digest = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
