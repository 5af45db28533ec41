/**
 * `npm run record-presets`: record every teaching preset's run on the engine in Node, so the lab
 * shows a preset's result at once (public/recordings/<preset-id>.json.gz; the format and its
 * thinning are src/store/recordings/). Presets that share a float pretraining run on one engine,
 * whose pretrain cache trains it once.
 */
import * as tf from '@tensorflow/tfjs';
import type { EngineEvent } from '../src/engine/protocol';
import { runSteps } from '../src/settings/pretrain';
import { presetRecipe, type Preset } from '../src/settings/presets';
import { createRecordEngine } from './lib/record-engine';
import { writeRecording } from './lib/record-files';
import { RECORD_USAGE, parseRecordArgs, type RecordArgs } from './lib/record-args';
import { groupByPretraining, recordPreset } from './lib/record-preset';

/** Steps between progress lines. */
const PROGRESS_EVERY = 100;

const say = (line: string) => process.stderr.write(`${line}\n`);
const kB = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

function progress(preset: Preset): (event: EngineEvent) => void {
  const total = runSteps(presetRecipe(preset));
  return (event) => {
    if (event.type === 'train-metrics' && event.step % PROGRESS_EVERY === 0) {
      say(`  ${preset.id}: step ${event.step}/${total}, loss ${event.loss.toFixed(3)}`);
    }
  };
}

/** Record one group on one engine; resolves to the bytes written. */
async function recordGroup(group: readonly Preset[], args: RecordArgs): Promise<number> {
  const engine = createRecordEngine();
  let bytes = 0;
  try {
    for (const preset of group) {
      say(`recording ${preset.id} (${runSteps(presetRecipe(preset))} steps)…`);
      const options = { steps: args.steps, onEvent: progress(preset) };
      const recording = await recordPreset(engine, preset, options);
      const file = await writeRecording(args.out, recording);
      bytes += file.bytes;
      const { seconds, steps } = recording.header;
      const what = `${recording.events.length} events, ${steps} steps`;
      say(`${preset.id}: ${seconds} s, ${what}, ${kB(file.bytes)} -> ${file.path}`);
    }
  } finally {
    await engine.destroy();
  }
  return bytes;
}

async function main(argv: readonly string[]): Promise<number> {
  tf.enableProdMode(); // silences tfjs's banner asking Node users for tfjs-node (see train.ts)
  const parsed = parseRecordArgs(argv);
  if (parsed.kind === 'help') {
    process.stdout.write(`${RECORD_USAGE}\n`);
    return 0;
  }
  if (parsed.kind === 'invalid') {
    say(`${parsed.errors.join('\n')}\n\n${RECORD_USAGE}`);
    return 2;
  }
  const t0 = performance.now();
  let total = 0;
  for (const group of groupByPretraining(parsed.args.presets)) {
    total += await recordGroup(group, parsed.args);
  }
  const seconds = ((performance.now() - t0) / 1000).toFixed(0);
  say(`done: ${parsed.args.presets.length} recordings, ${kB(total)} in all, ${seconds} s`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    say(
      `record-presets: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  },
);
