import { downloadBlob, fileName } from '../../store/export/download';
import type { Recipe } from '../../settings/schema';
import { torchExportZip } from './torch-export-zip';

/** Status line while the ZIP is built (the exporter and the data asset load on first use). */
export const TORCH_EXPORT_BUSY = 'Preparing the PyTorch export…';

/**
 * Build and download the PyTorch export of `recipe` as `<name>-pytorch.zip`; returns the sentence
 * the menu shows: how to run it, or why there is no file.
 */
export async function saveTorchExport(recipe: Recipe, name: string): Promise<string> {
  const baseUrl = new URL(import.meta.env.BASE_URL, window.location.href).href;
  const result = await torchExportZip(recipe, baseUrl);
  if (!result.ok) return result.message;
  downloadBlob(result.zip, fileName(name, '-pytorch.zip'));
  return 'PyTorch export saved: unzip it, then python3 train.py (README.txt says more).';
}
