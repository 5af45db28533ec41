/**
 * train.py --data imagefolder:DIR (issue 18): a user's own images in torchvision's ImageFolder
 * layout train on the exported recipe (resized to its image size, grayscale for its one input
 * channel, one logit per class folder), and a malformed folder gets one clear line.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainScript } from '../../src/engine/export/torch/train-script';
import { defaultRecipe } from '../../src/settings/schema';
import { torchPython } from '../helpers/torch-check';

/** Three classes of 20 x 24 RGB PNGs (8 training, 3 test images each), drawn with Pillow. */
const MAKE_IMAGES = `
import os, random, sys
from PIL import Image
root = sys.argv[1]
random.seed(0)
for split, count in (("train", 8), ("test", 3)):
    for c, name in enumerate(("circle", "square", "stripes")):
        os.makedirs(os.path.join(root, split, name))
        for i in range(count):
            image = Image.new("RGB", (20, 24), (10 * c, 0, 0))
            for x in range(20):
                for y in range(24):
                    if (x + y + c * 7 + i) % (3 + c) == 0:
                        image.putpixel((x, y), (255, random.randrange(256), 80))
            image.save(os.path.join(root, split, name, f"{i}.png"))
`;

let python: string;
const dir = mkdtempSync(join(tmpdir(), 'torch-imagefolder-'));

beforeAll(() => {
  python = torchPython();
  const recipe = {
    ...defaultRecipe(),
    model: 'mobilenet-tiny' as const,
    batchSize: 4,
    steps: 3,
    metricsEvery: 1,
    evalEvery: 3,
    ptqAtEnd: 'off' as const,
  };
  writeFileSync(join(dir, 'train.py'), trainScript(recipe));
  const made = spawnSync(python, ['-c', MAKE_IMAGES, join(dir, 'images')], { encoding: 'utf8' });
  expect(made.stderr).toBe('');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const trainPy = (...args: string[]) =>
  spawnSync(python, ['train.py', ...args], { cwd: dir, encoding: 'utf8', timeout: 60_000 });

describe('train.py --data imagefolder:DIR', () => {
  test('trains on the images and evaluates on the test split', () => {
    const run = trainPy('--data', `imagefolder:${join(dir, 'images')}`);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { step: number; loss: number; testAccuracy?: number });
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3]);
    expect(lines.every((l) => Number.isFinite(l.loss))).toBe(true);
    // Three classes: a fresh head starts near ln 3, not ln 10.
    expect(lines[0]!.loss).toBeLessThan(Math.log(10));
    // 9 test images: accuracy is a multiple of 1/9.
    const correct = lines[2]!.testAccuracy! * 9;
    expect(Math.abs(correct - Math.round(correct))).toBeLessThan(1e-9);
  });

  test.each<[string, (root: string) => void, RegExp]>([
    ['an empty folder', () => {}, /no .*train or .*test \(expected .*\/train\/<class>/],
    [
      'a training class without images',
      (root) => {
        mkdirSync(join(root, 'train/a'), { recursive: true });
        mkdirSync(join(root, 'test/a'), { recursive: true });
        writeFileSync(join(root, 'train/a/notes.txt'), 'no image');
      },
      /training class folders without images: a/,
    ],
    [
      'a file that is not an image',
      (root) => {
        mkdirSync(join(root, 'train/a'), { recursive: true });
        mkdirSync(join(root, 'test/a'), { recursive: true });
        writeFileSync(join(root, 'train/a/broken.png'), 'not a png');
      },
      /cannot decode .*broken\.png/,
    ],
  ])('%s: one clear line and exit code 2', (name, make, message) => {
    const root = join(dir, name.replaceAll(' ', '-'));
    mkdirSync(root);
    make(root);
    const run = trainPy('--data', `imagefolder:${root}`);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^train\.py: error: --data imagefolder/);
    expect(lines[0]).toMatch(message);
  });
});
