import type { Recipe } from '../../../settings/schema';
import { PY_BN_REESTIMATE } from './py-bn-reestimate';
import { PY_DATA } from './py-data';
import { PY_IMAGEFOLDER } from './py-imagefolder';
import { PY_LAB_ARITHMETIC } from './py-lab-arithmetic';
import { PY_MODEL } from './py-model';
import { PY_MODELS_TINY } from './py-models-tiny';
import { PY_OSCILLATION } from './py-oscillation';
import { PY_PRELUDE } from './py-prelude';
import { PY_PRETRAIN } from './py-pretrain';
import { PY_PTQ } from './py-ptq';
import { PY_PTQ_ACTS } from './py-ptq-acts';
import { PY_QAT } from './py-qat';
import { PY_REGULARIZERS } from './py-regularizers';
import { PY_TORCHVISION } from './py-torchvision';
import { PY_TRAINING } from './py-training';
import { scriptConfig, type DataShape } from './script-config';
import { assertExportable } from './unsupported';

/** A paper train.py cites, as the lab's teaching panels list them. */
export interface PaperCitation {
  short: string;
  title?: string;
  authors?: string;
  year: number;
  arxiv?: string;
}

export interface TrainScriptOptions {
  /** Data set shape; defaults to the lab's 28 x 28, 10 classes. */
  data?: DataShape;
  /** Papers of the techniques the recipe switches on, for the script's header. */
  papers?: readonly PaperCitation[];
}

/**
 * The text of a self-contained train.py (torch only) that reproduces `recipe` (issue 18).
 * @throws TorchExportError naming each setting the script could not reproduce.
 */
export function trainScript(recipe: Recipe, options: TrainScriptOptions = {}): string {
  assertExportable(recipe);
  const config = scriptConfig(recipe, options.data);
  // JSON inside a raw Python string: the config never holds a triple quote or a backslash.
  const table = JSON.stringify(config, null, 2);
  return [
    header(config.query, options.papers ?? []),
    PY_PRELUDE,
    `RECIPE = json.loads(r'''${table}''')\n`,
    PY_DATA,
    PY_IMAGEFOLDER,
    PY_MODEL,
    PY_MODELS_TINY,
    PY_TORCHVISION,
    PY_LAB_ARITHMETIC,
    PY_REGULARIZERS,
    PY_PTQ,
    PY_PTQ_ACTS,
    PY_QAT,
    PY_OSCILLATION,
    PY_BN_REESTIMATE,
    PY_PRETRAIN,
    PY_TRAINING,
  ]
    .map((part) => part.trim())
    .join('\n\n\n')
    .concat('\n');
}

function header(query: string, papers: readonly PaperCitation[]): string {
  const cite = (p: PaperCitation) =>
    `  ${p.short}: ${[p.authors, p.title, p.year, p.arxiv && `arXiv ${p.arxiv}`].filter(Boolean).join(', ')}`;
  return [
    '#!/usr/bin/env python3',
    '"""QuantLab recipe exported to PyTorch (torch only: no torchvision, no numpy).',
    '',
    `Recipe (the lab link's query): ${query}`,
    '',
    'Run:   python3 train.py [--data path/to/mnist.qlds] [--device cuda]',
    '       python3 train.py --data imagefolder:DIR   (DIR/train/<class>/*.png|jpg, DIR/test/<class>/*)',
    "Check: python3 train.py --state state --check --steps 20   (the lab's cross-check)",
    'Multi-GPU: torchrun --nproc_per_node N train.py --ddp --device cuda   (N divides the batch)',
    'Layouts: the lab is NHWC with HWIO conv kernels and [in, out] dense kernels; torch is NCHW,',
    'OIHW and [out, in]. --state files are in the lab layouts and converted on load.',
    "Formulas and [tags] follow the lab's teaching panels and methods.md.",
    ...(papers.length > 0 ? ['', 'References:', ...papers.map(cite)] : []),
    '"""',
  ].join('\n');
}
