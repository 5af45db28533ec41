/**
 * The Runs menu's PyTorch export (issue 18): train.py, README.txt and the data asset in one ZIP,
 * built in the page. The exporter (about 40 kB of Python templates) and fflate load on first use,
 * so the lab's first paint does not carry them.
 */
import { assetPath } from '../../engine/data/dataset';
import type { Recipe } from '../../settings/schema';

/** What came of an export: the ZIP, or one sentence for the user saying why not. */
export type TorchZipResult = { ok: true; zip: Blob } | { ok: false; message: string };

/**
 * Build the export of `recipe`; `baseUrl` is the app's (the data asset is one of its files).
 * Never throws: a recipe the exporter cannot express, or an asset that does not load, is a message.
 */
export async function torchExportZip(
  recipe: Recipe,
  baseUrl: string,
  fetchFn: typeof fetch = fetch,
): Promise<TorchZipResult> {
  const [{ torchBundle }, { papersOf }, { assertExportable, TorchExportError }, { zipSync }] =
    await Promise.all([
      import('../../engine/export/torch/bundle'),
      import('../teaching/technique-papers'),
      import('../../engine/export/torch/unsupported'),
      import('fflate'),
    ]);
  try {
    assertExportable(recipe);
  } catch (error) {
    if (error instanceof TorchExportError) return { ok: false, message: refusal(error.problems) };
    throw error;
  }
  const asset = await fetchAsset(new URL(assetPath(recipe.dataset), baseUrl).href, fetchFn);
  if (!asset.ok) return asset;
  const files = torchBundle(recipe, papersOf(recipe), asset.bytes);
  // The asset is gzip already: stored, not deflated again. The script and README deflate well.
  const entries = Object.fromEntries(
    [...files].map(([path, bytes]) => [path, [bytes, { level: path.endsWith('.qlds') ? 0 : 9 }]]),
  ) as Parameters<typeof zipSync>[0];
  return { ok: true, zip: new Blob([zipSync(entries)], { type: 'application/zip' }) };
}

function refusal(problems: readonly string[]): string {
  return `Not exportable to PyTorch yet: ${problems.join('; ')}.`;
}

async function fetchAsset(
  url: string,
  fetchFn: typeof fetch,
): Promise<{ ok: true; bytes: Uint8Array } | { ok: false; message: string }> {
  try {
    const response = await fetchFn(url);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { ok: true, bytes: new Uint8Array(await response.arrayBuffer()) };
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `The data asset ${url} did not load (${why}); try again.` };
  }
}
