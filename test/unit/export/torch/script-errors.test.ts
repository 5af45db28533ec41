// train.py's answers to bad input: one clear line on stderr and exit code 2. A stand-in torch
// package (version, no CUDA) makes each case run without the real one.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { trainScript } from '../../../../src/engine/export/torch/train-script';
import { defaultRecipe } from '../../../../src/settings/schema';

const dir = mkdtempSync(join(tmpdir(), 'train-py-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, 'train.py'), trainScript(defaultRecipe()));

/** A fake torch of `version` (or one whose import fails) under `dir`/<name>. */
function fakeTorch(name: string, version: string | null): string {
  const root = join(dir, name);
  mkdirSync(join(root, 'torch/nn'), { recursive: true });
  const init =
    version === null
      ? 'raise ImportError("No module named torch")\n'
      : [
          `__version__ = "${version}"`,
          'from . import nn',
          'class cuda:',
          '    @staticmethod',
          '    def is_available():',
          '        return False',
          'def no_grad():',
          '    return lambda f: f',
          'def manual_seed(seed):',
          '    pass',
          'class autograd:',
          '    class Function:',
          '        pass',
          '',
        ].join('\n');
  writeFileSync(join(root, 'torch/__init__.py'), init);
  writeFileSync(
    join(root, 'torch/nn/__init__.py'),
    'from . import functional\nclass Module:\n    pass\nclass Conv2d(Module):\n    pass\n',
  );
  writeFileSync(join(root, 'torch/nn/functional.py'), '');
  return root;
}

function trainPy(torchPath: string, ...args: string[]) {
  return spawnSync('python3', [join(dir, 'train.py'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, PYTHONPATH: torchPath },
  });
}

describe('train.py on bad input', () => {
  const current = fakeTorch('current', '2.1.0+cpu');

  test.each<[string, string, string[], RegExp]>([
    [
      'no torch',
      fakeTorch('none', null),
      [],
      /python3 has no torch.*apt-get install -y python3-torch/,
    ],
    [
      'a torch older than it supports',
      fakeTorch('old', '1.4.0'),
      [],
      /torch 1\.4\.0 is too old.*>= 1\.10/,
    ],
    [
      'CUDA on a machine without it',
      current,
      ['--device', 'cuda'],
      /--device cuda: CUDA is not available/,
    ],
    [
      'a missing data path',
      current,
      ['--data', '/no/such.qlds'],
      /--data \/no\/such\.qlds: no such file/,
    ],
    ['--check without state', current, ['--check'], /need --state DIR/],
    ['--ddp outside torchrun', current, ['--ddp'], /--ddp: start it with torchrun/],
  ])('%s', (_, torchPath, args, message) => {
    const run = trainPy(torchPath, ...args);
    expect(run.status).toBe(2);
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^train\.py: error: /);
    expect(lines[0]).toMatch(message);
  });
});
