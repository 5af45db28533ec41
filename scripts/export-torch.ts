/**
 * `npm run export-torch`: export a lab recipe as a runnable PyTorch folder (issue 18).
 * Exit codes: 0 written, 2 bad arguments or a recipe the exporter cannot express (nothing written).
 */
import { parseArgs } from 'node:util';
import { TorchExportError } from '../src/engine/export/torch/unsupported';
import { recipeProblems } from '../src/settings/validate-recipe';
import { readConfig, resolveSettings } from './lib/run-config';
import { ExportRequestError, writeTorchExport, type TorchExportRequest } from './lib/torch-export';

const USAGE = `Usage: npm run export-torch -- --config <file.json|query|link|preset:id> --out <dir>
                               [--with-state [--state-batches N]]

  --config        the recipe, as for npm run train
  --out           folder to create (must not exist, or be empty): train.py, data/, state/
  --with-state    also write the lab's initial weights and first training batch (state/)
  --state-batches how many of the lab's first batches to write with the state (default 1)`;

const OPTIONS = {
  config: { type: 'string' },
  out: { type: 'string' },
  'with-state': { type: 'boolean' },
  'state-batches': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The export the command line asks for, or throws an ExportRequestError saying what is wrong. */
function parseRequest(argv: readonly string[]): TorchExportRequest | 'help' {
  let values;
  try {
    values = parseArgs({ args: [...argv], options: OPTIONS, strict: true }).values;
  } catch (error) {
    throw new ExportRequestError(error instanceof Error ? error.message : String(error));
  }
  if (values.help) return 'help';
  if (!values.config) throw new ExportRequestError('--config is required (a query or preset:id)');
  if (!values.out) throw new ExportRequestError('--out is required: the folder to create');
  const config = readConfig(values.config);
  if (!config.ok) throw new ExportRequestError(config.errors.join('; '));
  const { recipe } = resolveSettings(config.values);
  const conflicts = recipeProblems(recipe);
  if (conflicts.length > 0) throw new ExportRequestError(conflicts.join('; '));
  const batches = Number(values['state-batches'] ?? '1');
  if (!Number.isInteger(batches) || batches < 1) {
    throw new ExportRequestError(`--state-batches ${values['state-batches']}: a whole number >= 1`);
  }
  return { recipe, out: values.out, withState: !!values['with-state'], stateBatches: batches };
}

async function main(): Promise<number> {
  try {
    const request = parseRequest(process.argv.slice(2));
    if (request === 'help') {
      console.log(USAGE);
      return 0;
    }
    const written = await writeTorchExport(request);
    console.error(
      `wrote ${written.length} files to ${request.out}: ${written.slice(0, 3).join(', ')}…`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ExportRequestError || error instanceof TorchExportError) {
      console.error(`export-torch: ${error.message}`);
      return 2;
    }
    throw error;
  }
}

process.exitCode = await main();
