/**
 * train.py --model NAME (issue 18): another of the lab's models in place of the recipe's, or a
 * torchvision model, only where torchvision is installed, trained with every technique the recipe
 * switches on. CI has no torchvision (and nothing may be downloaded), so a stand-in package with
 * torchvision's entry points (test/fixtures/torchvision-stub) plays it.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { trainScript } from '../../src/engine/export/torch/train-script';
import { defaultRecipe, type Recipe } from '../../src/settings/schema';
import { torchPython } from '../helpers/torch-check';

const STUB = join(import.meta.dirname, '../fixtures/torchvision-stub');
const DATA_ASSET = join(import.meta.dirname, '../../public/data/mnist.qlds');

/** Every technique at once, three steps on the small CNN recipe. */
const EVERYTHING: Partial<Recipe> = {
  batchSize: 8,
  steps: 3,
  metricsEvery: 1,
  evalEvery: 3,
  testExamples: 100,
  r2: 'soft-min-max',
  kure: 'on',
  qat: 'lsq+',
  wBits: 2,
  aBits: '4',
  trackOscillations: 'on',
  dampening: 0.1,
  freezing: 'on',
  bnReestimate: 'on',
  ptqAtEnd: 'on',
};

interface Line {
  step: number;
  loss?: number;
  terms?: Record<string, number>;
  qat?: { name: string }[];
  layers?: { name: string }[];
  ptq?: { bits: number; accuracy: number }[];
  bnReestimated?: { batches: number };
}

let python: string;
const dir = mkdtempSync(join(tmpdir(), 'torch-torchvision-'));

beforeAll(() => {
  python = torchPython();
  const write = (file: string, overrides: Partial<Recipe>) =>
    writeFileSync(join(dir, file), trainScript({ ...defaultRecipe(), ...overrides }));
  write('train.py', EVERYTHING);
  write('train-float.py', { ...EVERYTHING, qat: 'off' });
  mkdirSync(join(dir, 'data'));
  copyFileSync(DATA_ASSET, join(dir, 'data/mnist.qlds'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** python3 train.py with args, torchvision importable from `path` (or only what python has). */
function trainPy(script: string, args: string[], path = '') {
  const env = { ...process.env, PYTHONPATH: path };
  return spawnSync(python, [script, ...args], { cwd: dir, env, encoding: 'utf8', timeout: 60_000 });
}

const parse = (stdout: string): Line[] =>
  stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

const hasTorchvision = () =>
  spawnSync(python, ['-c', 'import torchvision'], { env: { ...process.env, PYTHONPATH: '' } })
    .status === 0;

describe('train.py --model', () => {
  test('a torchvision model trains with every technique: its layers in module order', () => {
    const run = trainPy('train.py', ['--model', 'tiny_resnet'], STUB);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = parse(run.stdout);
    const steps = lines.filter((l) => l.loss !== undefined);
    expect(steps.map((l) => l.step)).toEqual([1, 2, 3]);
    expect(Object.keys(steps[0]!.terms!)).toEqual(['task', 'r2', 'kure', 'dampening']);
    expect(steps.every((l) => Number.isFinite(l.loss))).toBe(true);
    // QAT quantizes every Conv2d and Linear of the torchvision module tree.
    const layers = ['conv1', 'layer1/0/conv1', 'layer1/0/conv2', 'layer1/0/downsample/0', 'fc'];
    expect(steps[0]!.qat!.map((l) => l.name)).toEqual(layers);
    expect(steps[2]!.layers!.map((l) => l.name)).toEqual(layers);
    // All four BatchNorm2d became the lab's and were re-estimated; the sweep ran at W2..W8.
    expect(lines.find((l) => l.bnReestimated)!.bnReestimated!.batches).toBeGreaterThan(0);
    expect(lines.find((l) => l.ptq)!.ptq!.map((p) => p.bits)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });

  test("QAT's quantizers act on a torchvision model's forward pass", () => {
    const taskLoss = (script: string) => {
      const run = trainPy(script, ['--model', 'tiny_resnet', '--steps', '1'], STUB);
      expect(run.stderr).toBe('');
      return parse(run.stdout).find((l) => l.terms)!.terms!.task!;
    };
    // The same seed and initial weights: only W2A4 fake quantization tells the two apart.
    expect(Math.abs(taskLoss('train.py') - taskLoss('train-float.py'))).toBeGreaterThan(1e-3);
  });

  test("another of the lab's models in place of the recipe's", () => {
    const run = trainPy('train-float.py', ['--model', 'resnet-tiny', '--steps', '3']);
    expect(run.stderr).toBe('');
    const last = parse(run.stdout).find((l) => l.layers)!;
    expect(last.layers![0]!.name).toBe('stem');
  });

  test.each<[string, string[], string, RegExp]>([
    [
      'no torchvision',
      ['--model', 'resnet18'],
      '',
      /--model resnet18: not one of the lab's models .*needs torchvision/,
    ],
    ['an unknown name', ['--model', 'nosuch'], STUB, /neither a lab model .* nor a model of/],
    ['a model too big for 28x28', ['--model', 'big_kernel_net'], STUB, /does not take 28x28/],
    [
      "the lab's weights",
      ['--model', 'tiny_resnet', '--state', '.'],
      STUB,
      /--state holds the lab's weights of small-cnn/,
    ],
  ])('%s: one clear line and exit code 2', (name, args, path, message) => {
    if (name === 'no torchvision' && hasTorchvision()) return; // this python has the real one
    const run = trainPy('train.py', args, path);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(message);
  });
});
