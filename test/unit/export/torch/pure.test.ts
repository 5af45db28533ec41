// The exporter core is pure: the page or a worker can build train.py without TensorFlow.js.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { reachableModules } from '../../../helpers/module-graph';

const ROOT = join(import.meta.dirname, '../../../..');

// bundle.ts and technique-papers.ts are what the Runs menu loads to build the ZIP in the page.
test.each([
  'src/engine/export/torch/train-script.ts',
  'src/engine/export/torch/bundle.ts',
  'src/ui/teaching/technique-papers.ts',
])('%s reaches no tfjs, DOM or Node module', (entry) => {
  const modules = [...reachableModules(join(ROOT, entry))];
  const packages = modules.filter((m) => !m.startsWith('/'));
  expect(packages.filter((m) => m !== 'zod')).toEqual([]);
});
