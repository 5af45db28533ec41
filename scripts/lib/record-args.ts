/** Arguments of `npm run record-presets`, parsed without side effects. */
import { PRESETS, findPreset, type Preset } from '../../src/settings/presets';
import { DEFAULT_RECORDINGS_DIR } from './record-files';

export const RECORD_USAGE = `Usage: npm run record-presets -- [--only <id,...>] [--steps N] [--out <dir>]

  --only   record only these presets (comma-separated ids); default: all ${PRESETS.length}
  --steps  record only the first N run steps of each (tests; the thinning stays the full run's)
  --out    where the files go (default ${DEFAULT_RECORDINGS_DIR})
Runs each preset's recipe on the engine in Node (tfjs CPU backend) and writes
<out>/<preset-id>.json.gz. Exit: 0 done, 1 a run failed, 2 bad arguments.`;

/** What to record and where. */
export interface RecordArgs {
  presets: readonly Preset[];
  /** Run steps of the prefix to record, or undefined for the whole run. */
  steps?: number;
  out: string;
}

export type ParsedRecordArgs =
  { kind: 'run'; args: RecordArgs } | { kind: 'help' } | { kind: 'invalid'; errors: string[] };

/** Parse `argv` (without node and the script). */
export function parseRecordArgs(argv: readonly string[]): ParsedRecordArgs {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const errors: string[] = [];
  const args: RecordArgs = { presets: PRESETS, out: DEFAULT_RECORDINGS_DIR };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) errors.push(`${flag} needs a value`);
    else if (flag === '--only') args.presets = onlyPresets(value, errors);
    else if (flag === '--steps') args.steps = positiveInt(value, errors);
    else if (flag === '--out') args.out = value;
    else errors.push(`unknown argument ${flag}`);
  }
  return errors.length > 0 ? { kind: 'invalid', errors } : { kind: 'run', args };
}

function onlyPresets(list: string, errors: string[]): Preset[] {
  const ids = list.split(',').filter((id) => id !== '');
  const known = PRESETS.map((p) => p.id).join(', ');
  return ids.flatMap((id) => {
    const preset = findPreset(id);
    if (!preset) errors.push(`--only: no preset '${id}' (known: ${known})`);
    return preset ? [preset] : [];
  });
}

function positiveInt(text: string, errors: string[]): number | undefined {
  const n = Number(text);
  if (Number.isInteger(n) && n > 0) return n;
  errors.push(`--steps: '${text}' is not a positive whole number`);
  return undefined;
}
