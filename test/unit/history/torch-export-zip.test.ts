// The Runs menu's PyTorch export: one ZIP with train.py, README.txt and the data asset, or one
// sentence saying why not (a recipe the exporter refuses, an asset that does not load).
import { unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { trainScript } from '../../../src/engine/export/torch/train-script';
import { unsupportedSettings } from '../../../src/engine/export/torch/unsupported';
import { defaultRecipe, type Recipe } from '../../../src/settings/schema';
import { torchExportZip } from '../../../src/ui/history/torch-export-zip';

const BASE = 'http://lab.test/quantlab/';
const ASSET = Uint8Array.from([0x1f, 0x8b, 1, 2, 3]);

/** A fetch that serves `asset` at the lab's mnist path and 404 elsewhere; records the URLs. */
function fakeFetch(asset: Uint8Array<ArrayBuffer> | null) {
  const urls: string[] = [];
  const fn = (async (input: RequestInfo | URL) => {
    urls.push(String(input));
    const found = asset !== null && String(input) === `${BASE}data/mnist.qlds`;
    return new Response(found ? asset : null, { status: found ? 200 : 404 });
  }) as typeof fetch;
  return { fn, urls };
}

async function unzipped(recipe: Recipe) {
  const result = await torchExportZip(recipe, BASE, fakeFetch(ASSET).fn);
  if (!result.ok) throw new Error(result.message);
  return unzipSync(new Uint8Array(await result.zip.arrayBuffer()));
}

describe('torchExportZip', () => {
  test('holds train.py, README.txt and the data asset where train.py looks for it', async () => {
    const recipe: Recipe = { ...defaultRecipe(), kure: 'on' };
    const files = await unzipped(recipe);
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'data/mnist.qlds', 'train.py']);
    expect(files['data/mnist.qlds']).toEqual(ASSET);
    const script = new TextDecoder().decode(files['train.py']);
    expect(script.startsWith(trainScript(recipe).split('\n')[0]!)).toBe(true);
    expect(script).toContain('RECIPE = json.loads(');
    // The teaching panel's paper for the technique that is on, in the script's header.
    expect(script).toContain('Robust Quantization: One Model to Rule Them All');
    expect(new TextDecoder().decode(files['README.txt'])).toContain('python3 train.py');
  });

  test('a recipe the exporter refuses is one sentence naming the setting', async () => {
    const refused = refusedRecipe();
    const { fn, urls } = fakeFetch(ASSET);
    const result = await torchExportZip(refused.recipe, BASE, fn);
    expect(result).toEqual({ ok: false, message: expect.stringContaining(refused.param) });
    expect(urls).toEqual([]);
  });

  test('an asset that does not load is a message, not a throw', async () => {
    const result = await torchExportZip(defaultRecipe(), BASE, fakeFetch(null).fn);
    expect(result).toEqual({
      ok: false,
      message: expect.stringMatching(/did not load \(HTTP 404\)/),
    });
  });

  test('the lab serves the asset the ZIP carries', () => {
    const path = join(import.meta.dirname, '../../../public/data/mnist.qlds');
    expect(readFileSync(path).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
  });
});

/** A recipe with a setting the exporter still refuses (whatever is left), and that setting. */
function refusedRecipe(): { recipe: Recipe; param: string } {
  const recipe: Recipe = { ...defaultRecipe(), init: 'previous' };
  const [problem] = unsupportedSettings(recipe);
  if (!problem) throw new Error('every candidate exports: pick a setting that is still refused');
  return { recipe, param: problem.split(' ')[0]! };
}
