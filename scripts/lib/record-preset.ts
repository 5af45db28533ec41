/**
 * One preset's recording: run its full recipe (or a prefix) on a {@link RecordEngine}, thin the
 * events by the one rule (`src/store/recordings/thin.ts`) and add the header.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { EngineEvent } from '../../src/engine/protocol';
import { pretrainRecipe, runSteps } from '../../src/settings/pretrain';
import { presetRecipe, recipeQuery, type Preset } from '../../src/settings/presets';
import {
  RECORDING_BACKEND,
  RECORDING_FORMAT,
  RECORDING_VERSION,
  type Recording,
} from '../../src/store/recordings/recording-format';
import { thinEvents, thinRule } from '../../src/store/recordings/thin';
import { encodeRecipe } from '../../src/settings/url-codec';
import type { RecordEngine } from './record-engine';

/** The presets in order, grouped by shared float pretraining (a one-stage preset is alone). */
export function groupByPretraining(presets: readonly Preset[]): Preset[][] {
  const groups = new Map<string, Preset[]>();
  for (const preset of presets) {
    const recipe = presetRecipe(preset);
    const key = recipe.pretrainSteps > 0 ? encodeRecipe(pretrainRecipe(recipe)) : preset.id;
    groups.set(key, [...(groups.get(key) ?? []), preset]);
  }
  return [...groups.values()];
}

/** Options of {@link recordPreset}. */
export interface RecordPresetOptions {
  /** Record only the run's first `steps` run steps (tests); the thinning stays the full run's. */
  steps?: number;
  /** Called with every event as it arrives (progress). */
  onEvent?(event: EngineEvent): void;
}

/** Run `preset` on `engine` and return its recording; throws when the engine reports an error. */
export async function recordPreset(
  engine: RecordEngine,
  preset: Preset,
  options: RecordPresetOptions = {},
): Promise<Recording> {
  const recipe = presetRecipe(preset);
  const t0 = performance.now();
  const outcome = await engine.run(recipe, { stopAt: options.steps, onEvent: options.onEvent });
  if ('error' in outcome) throw new Error(`${preset.id}: ${outcome.error}`);
  const seconds = (performance.now() - t0) / 1000;
  return buildRecording(preset, outcome.events, seconds);
}

/** The recording of `preset` from its run's events and the run's wall-clock `seconds`. */
export function buildRecording(
  preset: Preset,
  events: readonly EngineEvent[],
  seconds: number,
): Recording {
  const recipe = presetRecipe(preset);
  const rule = thinRule(recipe);
  return {
    format: RECORDING_FORMAT,
    version: RECORDING_VERSION,
    header: {
      presetId: preset.id,
      seed: recipe.seed,
      backend: RECORDING_BACKEND,
      steps: lastStep(events),
      fullSteps: runSteps(recipe),
      recordedAt: new Date().toISOString(),
      query: recipeQuery(recipe),
      engineVersion: engineVersion(),
      seconds: Math.round(seconds * 10) / 10,
      thinning: rule,
    },
    name: preset.name,
    recipe,
    events: thinEvents(events, rule),
  };
}

/** Last run step with train metrics (0 when none). */
function lastStep(events: readonly EngineEvent[]): number {
  return events.reduce(
    (last, e) => (e.type === 'train-metrics' ? Math.max(last, e.step) : last),
    0,
  );
}

/** The package version, with the git commit when git can tell it (e.g. `0.1.0+403e06a`). */
function engineVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  const git = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' });
  const commit = git.status === 0 ? git.stdout.trim() : '';
  return commit ? `${pkg.version}+${commit}` : pkg.version;
}
