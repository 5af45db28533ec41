/**
 * The files of a PyTorch export (issue 18), the same from the command line and from the Runs menu:
 * train.py, the lab's data asset next to it, and a README that says how to run it. Pure: the
 * caller reads the data asset and writes the files (a folder, or one ZIP in the browser).
 */
import type { DatasetName } from '../../data/dataset';
import type { Recipe } from '../../../settings/schema';
import { trainScript, type PaperCitation } from './train-script';

/** Where train.py looks for the data asset by default, relative to itself. */
export const bundleDataPath = (dataset: DatasetName): string => `data/${dataset}.qlds`;

/**
 * train.py, README.txt and the data asset, by path inside the export.
 * @throws TorchExportError naming each setting train.py cannot reproduce.
 */
export function torchBundle(
  recipe: Recipe,
  papers: readonly PaperCitation[],
  dataAsset: Uint8Array,
): Map<string, Uint8Array> {
  const utf8 = (text: string) => new TextEncoder().encode(text);
  return new Map([
    ['train.py', utf8(trainScript(recipe, { papers }))],
    ['README.txt', utf8(bundleReadme(recipe))],
    [bundleDataPath(recipe.dataset), dataAsset],
  ]);
}

/** How to run the export, in the order a PyTorch user tries things. */
export function bundleReadme(recipe: Recipe): string {
  return `QuantLab recipe exported to PyTorch: one self-contained train.py (needs only torch >= 1.10).

  python3 train.py                                  train on CPU, as the lab would
  python3 train.py --device cuda                    the same on a GPU
  torchrun --nproc_per_node 8 train.py --ddp --device cuda
                                                    8 GPUs, DistributedDataParallel
  python3 train.py --model resnet18                 a torchvision model (needs torchvision)
  python3 train.py --data imagefolder:DIR           your images: DIR/train/<class>/*.png|jpg
  python3 train.py --help                           every option

It prints one JSON line per metrics step (losses, learning rate, test accuracy, per-layer
kurtosis and max|w|/std) and the PTQ sweep W2-W8 when the recipe schedules one.

${bundleDataPath(recipe.dataset)} is the lab's ${recipe.dataset} asset (gzip: a 32-byte header,
then uint8 pixels and labels); pass another with --data.

To start from the lab's own initial weights and batches, and cross-check the two, export from
a clone of the lab:  npm run export-torch -- --config '<link>' --out dir/ --with-state
then:                python3 dir/train.py --state dir/state --check --steps 20
`;
}
